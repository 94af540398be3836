package dev.strata.examples.bench;

import java.util.List;

/**
 * A small labelled search set written for the harness: 32 short texts of the kind a venture
 * produces (drafts, posts, events, finances, notes) and 32 queries, each worded as a user would ask
 * for exactly one of them, mostly in other words than the text uses. A query hits when its text is
 * among the top 5 of the 32. It is small and hand-written: it shows the gap between a lexical
 * stand-in and a sentence model on paraphrases, not a model's quality in general.
 */
final class LabelledSearchSet {

  private LabelledSearchSet() {}

  /** The searchable texts; a query's label is an index into this list. */
  static final List<String> DOCUMENTS = List.of(
      "Spring launch plan: a waitlist landing page, three teaser posts and a founder video",
      "Invoice 1042 to Bean & Leaf Cafe is thirty days overdue",
      "Quarterly revenue grew 18 percent, driven by wholesale orders",
      "Team offsite in Lisbon on the second week of June",
      "Instagram reel showing how our cold brew is made, step by step",
      "Hiring a part-time barista for weekend shifts",
      "Monthly rent for the roastery went up by 200 euros",
      "Customer complaint: the espresso machine we sold arrived broken",
      "Newsletter draft announcing the new oat milk latte",
      "Podcast interview with the founder about sourcing beans in Ethiopia",
      "Black Friday discount: 25 percent off all subscriptions",
      "Dentist appointment on Thursday at 9 am",
      "Tax return for the last fiscal year is due at the end of the month",
      "Workshop for kids: painting ceramic mugs on Saturday morning",
      "Partnership proposal from a local bakery to sell our pastries",
      "Website is down: the checkout page shows an error since last night",
      "Thank-you post for reaching ten thousand followers",
      "Budget for the trade fair booth: travel, stand rental and samples",
      "Recipe blog post: pumpkin spice syrup made at home",
      "Board meeting to approve the new investment round",
      "Supplier raised green coffee prices by twelve percent",
      "Packaging redesign with compostable bags",
      "Loyalty card: every tenth coffee is free",
      "Weekly team standup moved to Monday afternoon",
      "Press release about opening a second shop downtown",
      "Refund issued to a customer for a cancelled order",
      "Tweet thread on why single-origin beans taste different",
      "Cash flow forecast shows a shortfall in August",
      "Photo shoot for the autumn menu with a freelance photographer",
      "Insurance renewal for the delivery van",
      "Live tasting event on YouTube with three new roasts",
      "Employee handbook update: new vacation policy");

  /** A query and the index of the one document it asks for. */
  record Query(String text, int relevant) {}

  static final List<Query> QUERIES = List.of(
      new Query("product release campaign with early sign-up and sneak peeks", 0),
      new Query("which client has not paid their bill yet", 1),
      new Query("how much did sales increase this quarter", 2),
      new Query("company retreat abroad in early summer", 3),
      new Query("short video about preparing iced coffee", 4),
      new Query("job opening for coffee staff on Saturdays and Sundays", 5),
      new Query("lease cost increase for our production space", 6),
      new Query("buyer says the device was damaged on delivery", 7),
      new Query("email announcing a plant-based milk drink", 8),
      new Query("audio episode where the owner talks about African coffee farms", 9),
      new Query("holiday sale on recurring plans", 10),
      new Query("teeth check-up this week", 11),
      new Query("deadline for filing annual taxes", 12),
      new Query("children's pottery decorating class", 13),
      new Query("collaboration offer from a neighbourhood pastry shop", 14),
      new Query("online store payment page broken", 15),
      new Query("celebrating a social media milestone of 10k fans", 16),
      new Query("costs of exhibiting at an industry expo", 17),
      new Query("homemade seasonal flavouring instructions", 18),
      new Query("directors vote on raising funding", 19),
      new Query("vendor made unroasted beans more expensive", 20),
      new Query("eco-friendly bags for our products", 21),
      new Query("rewards program with a free drink", 22),
      new Query("daily sync meeting rescheduled", 23),
      new Query("announcement of a new store location in the city centre", 24),
      new Query("money returned to a buyer after cancellation", 25),
      new Query("social posts explaining flavour differences of beans from one farm", 26),
      new Query("projected money problems later this summer", 27),
      new Query("pictures of the fall dishes taken by a hired photographer", 28),
      new Query("vehicle coverage policy renewal", 29),
      new Query("streamed coffee tasting session", 30),
      new Query("changes to staff time-off rules", 31));
}
