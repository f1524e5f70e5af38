package dev.hookkeeper.core.port;

/** An authentic delivery whose body could not be decoded. The message is safe to store and show. */
public final class MalformedPayloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedPayloadException(String message) {
    super(message);
  }

  public MalformedPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
