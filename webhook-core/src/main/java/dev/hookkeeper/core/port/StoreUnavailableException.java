package dev.hookkeeper.core.port;

/** The store cannot be reached or did not answer in time; the operation had no effect. */
public final class StoreUnavailableException extends WebhookInfraException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
