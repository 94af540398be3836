package dev.strata.core.events;

import dev.strata.core.domain.Notification;
import dev.strata.core.internal.Args;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Changes to {@code notifications} that log themselves ({@code notification_created},
 * {@code notification_read}), one statement each, in the caller's transaction; each advances the
 * notification's version by one.
 */
public final class NotificationWrites {

  private static final String HEAD = Aggregates.bumpHead(EventStream.NOTIFICATION, "n");

  private NotificationWrites() {}

  /** Notifies {@code userId} (about {@code ventureId}, or null for none); returns the notification's id. */
  public static long notify(Handle handle, long userId, Long ventureId, String kind, String message) {
    return createNotification(handle, userId, ventureId, kind, message).id();
  }

  /** Notifies {@code userId} like {@link #notify}; returns the row as the database wrote it. */
  public static Notification createNotification(Handle handle, long userId, Long ventureId, String kind,
      String message) {
    Args.notNull(handle, "handle");
    Args.id(userId, "userId");
    if (ventureId != null) {
      Args.id(ventureId, "ventureId");
    }
    CalendarWrites.text(kind, "kind");
    CalendarWrites.text(message, "message");
    return handle.createQuery("WITH " + createCtes("n", "VALUES (:user, :venture, :kind, :message)") + " SELECT * FROM n")
        .bind("user", userId).bind("venture", ventureId).bind("kind", kind).bind("message", message)
        .map(ConstructorMapper.of(Notification.class)).one();
  }

  /**
   * SQL for Strata's own one-statement writers, to embed in a {@code WITH} clause: CTE {@code name}
   * inserts the notifications the query {@code rows} yields (columns {@code user_id, venture_id, kind,
   * message}, in that order) and returns them whole; {@code name_head} and {@code name_logged} log
   * {@code notification_created} for each at its next version, as {@link #createNotification} does.
   * {@code rows} is SQL: never build it from user input, bind values as parameters.
   *
   * @throws IllegalArgumentException if {@code name} is not a lower-case SQL identifier
   */
  public static String createCtes(String name, String rows) {
    return Aggregates.loggedInsert(EventStream.NOTIFICATION, name, "user_id, venture_id, kind, message", rows);
  }

  /**
   * Marks one of {@code userId}'s notifications read; false when it is not theirs, does not exist,
   * or was already read (then nothing is logged).
   */
  public static boolean markRead(Handle handle, long userId, long notificationId) {
    Args.notNull(handle, "handle");
    Args.id(userId, "userId");
    Args.id(notificationId, "notificationId");
    return handle.createQuery("""
            WITH n AS (
              UPDATE notifications SET read = true WHERE id = :id AND user_id = :user AND NOT read RETURNING *
            ), HEAD, logged AS (
              INSERT INTO strata_event_log (venture_id, stream, entity_id, type, payload, version)
              SELECT venture_id, 'notification', id, 'notification_read', jsonb_build_object('user_id', user_id),
                     head.version FROM n, head
            )
            SELECT count(*) FROM n""".replace("HEAD", HEAD))
        .bind("user", userId).bind("id", notificationId).mapTo(Integer.class).one() == 1;
  }
}
