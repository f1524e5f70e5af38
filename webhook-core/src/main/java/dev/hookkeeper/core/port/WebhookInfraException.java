package dev.hookkeeper.core.port;

/**
 * Root of the infrastructure failures adapters may throw across a port (database down, time-out).
 * Library exceptions (JDBI, OkHttp) are caught at the adapter edge and rethrown as one of these,
 * so no framework type crosses a port.
 */
public abstract class WebhookInfraException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected WebhookInfraException(String message, Throwable cause) {
    super(message, cause);
  }
}
