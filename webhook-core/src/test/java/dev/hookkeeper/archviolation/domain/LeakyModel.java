package dev.hookkeeper.archviolation.domain;

import dev.hookkeeper.archviolation.spi.ClassyPort;
import java.sql.Timestamp;
import org.junit.jupiter.api.Assertions;

/** A model type breaking the rules: JDBC, JUnit, the console, and a port in the model. */
public final class LeakyModel {
  final Timestamp at = new Timestamp(0);
  ClassyPort port;

  void check() {
    Assertions.assertNotNull(at);
    System.out.println(at);
  }
}
