package dev.strata.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorScenarioTest {

  @Test
  void requestStream_hasTheSeedsDuplicationLevel_andIsDeterministic() {
    List<String> stream = VectorScenario.requestStream(20_000, 65);
    long firstOccurrences = stream.stream().map(s -> s.strip().replaceAll("\\s+", " ")).distinct().count();
    assertEquals(0.35, (double) firstOccurrences / stream.size(), 0.02);
    assertEquals(stream, VectorScenario.requestStream(20_000, 65));
    // whitespace variants make the raw-text key see more distinct texts than there are
    assertEquals(true, new HashSet<>(stream).size() > firstOccurrences);
  }

  @Test
  void labelledSearchSet_hasOneDistinctRelevantTextPerQuery() {
    assertEquals(LabelledSearchSet.DOCUMENTS.size(), LabelledSearchSet.QUERIES.size());
    assertEquals(LabelledSearchSet.DOCUMENTS.size(),
        LabelledSearchSet.QUERIES.stream().mapToInt(LabelledSearchSet.Query::relevant).distinct()
            .filter(i -> i >= 0 && i < LabelledSearchSet.DOCUMENTS.size()).count());
  }
}
