package dev.hookkeeper.core.port;

/** A stored secret could not be decrypted; the message names the setting to check. */
public final class SecretDecryptionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SecretDecryptionException(String message) {
    super(message);
  }

  public SecretDecryptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
