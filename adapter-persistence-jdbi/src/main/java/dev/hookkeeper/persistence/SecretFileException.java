package dev.hookkeeper.persistence;

/**
 * A secret file of the data directory is missing, empty, malformed or unreadable. The message is
 * one line naming the file and what to do: the server prints it and stops, with no stack trace.
 */
public final class SecretFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SecretFileException(String message) {
    super(message);
  }
}
