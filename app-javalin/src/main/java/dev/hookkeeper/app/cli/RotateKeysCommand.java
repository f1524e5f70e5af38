package dev.hookkeeper.app.cli;

import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.persistence.KeyRotation;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code keys rotate}: every secret and token at rest re-encrypted under the current key, then a
 * count of what is still under an old one. Exit status 0 only when nothing is: then the previous
 * keys can be removed from the configuration.
 */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Re-encrypt every secret and token at rest under " + KeyRing.SETTING + ",",
      "then report the rows still under an old key (exit status 1 if any).",
      "Old keys must be in " + KeyRing.PREVIOUS_SETTING + " to be read;",
      "give running servers the same keys first (docs/operations.md, \"Rotating the encryption key\")."
    })
final class RotateKeysCommand implements Callable<Integer> {
  private final CliContext context;

  RotateKeysCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    KeyRotation.Report report;
    KeyRing keys;
    try (CommandDatabase database = CommandDatabase.open(context.config())) {
      keys = database.keys();
      report =
          new KeyRotation(database.dataSource(), database.cipher(), keys.primaryKeyId()).rotate();
    }
    PrintWriter out = context.out();
    List<String> previous = keys.keyIds().subList(1, keys.keyIds().size());
    out.println(
        "current key "
            + keys.primaryKeyId()
            + (previous.isEmpty()
                ? ", no previous keys configured"
                : ", previous keys " + String.join(", ", previous)));
    for (KeyRotation.ColumnReport column : report.columns()) {
      out.println(
          column.column()
              + ": "
              + column.reencrypted()
              + " re-encrypted, "
              + column.leftTotal()
              + " left on old keys"
              + (column.left().isEmpty() ? "" : " (" + byKey(column.left()) + ")")
              + (column.undecryptable().isEmpty()
                  ? ""
                  : "; cannot decrypt "
                      + byKey(column.undecryptable())
                      + ": that key is not configured"));
    }
    if (report.left() == 0) {
      out.println("rows left on old keys: 0 — " + KeyRing.PREVIOUS_SETTING + " can be emptied");
      return 0;
    }
    out.println(
        "rows left on old keys: "
            + report.left()
            + " — keep "
            + KeyRing.PREVIOUS_SETTING
            + " and run again (a key that is not configured must be added to it first)");
    return HookkeeperCli.FAILED;
  }

  private static String byKey(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .map(e -> "key " + e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
