package dev.hookkeeper.app.cli;

/** One line of {@code doctor}: what was checked and what was found. */
record Check(Status status, String name, String detail) {
  enum Status {
    OK("ok"),
    /** Worth knowing, not broken: the exit status stays 0. */
    WARN("warn"),
    FAIL("FAIL");

    private final String label;

    Status(String label) {
      this.label = label;
    }
  }

  static Check ok(String name, String detail) {
    return new Check(Status.OK, name, detail);
  }

  static Check warn(String name, String detail) {
    return new Check(Status.WARN, name, detail);
  }

  static Check fail(String name, String detail) {
    return new Check(Status.FAIL, name, detail);
  }

  boolean failed() {
    return status == Status.FAIL;
  }

  String line() {
    return String.format("%-4s  %-34s %s", status.label, name, detail);
  }
}
