package dev.hookkeeper.app;

import java.nio.file.Path;

/**
 * Says where a generated admin token is, never the token itself: in a container the console is the
 * log, and a token printed there would be kept wherever the logs are.
 */
public final class AdminTokenBanner {
  private AdminTokenBanner() {}

  public static void print(Path tokenFile, String localUrl) {
    Console.out("");
    Console.out("  Generated an admin token, in " + tokenFile + " (readable by its owner only).");
    Console.out("  Create a user:  curl -s -X POST " + localUrl + "/api/v2/admin/users \\");
    Console.out(
        "                    -H \"Authorization: Bearer $(cat '"
            + tokenFile
            + "')\" -d '{\"name\": \"alice\"}'");
    Console.out("  Set HOOKKEEPER_ADMIN_TOKEN to use your own instead.");
    Console.out("");
  }
}
