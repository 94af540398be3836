package dev.strata.examples.demo;

/** A request the app refuses: the HTTP status and what was wrong, sent as {@code {"error": ...}}. */
final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final int status;

  ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
