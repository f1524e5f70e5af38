package dev.hookkeeper.archviolation.spi;

/** Allowed: exceptions crossing a port are classes. */
public final class SpiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpiException(String message) {
    super(message);
  }
}
