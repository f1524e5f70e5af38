package dev.hookkeeper.app;

/** Shows a generated admin token exactly once, on the terminal, never in the log. */
final class AdminTokenBanner {
  private AdminTokenBanner() {}

  static void print(String token, String localUrl) {
    Console.out("");
    Console.out("  Generated admin token (shown once; only its hash is kept in HOOKKEEPER_DATA_DIR):");
    Console.out("");
    Console.out("    " + token);
    Console.out("");
    Console.out("  Create a user:  curl -s -X POST " + localUrl + "/api/v2/admin/users \\");
    Console.out("                    -H 'Authorization: Bearer " + token + "' -d '{\"name\": \"alice\"}'");
    Console.out("  Set HOOKKEEPER_ADMIN_TOKEN to use your own instead.");
    Console.out("");
  }
}
