package dev.hookkeeper.app;

import dev.hookkeeper.app.demo.DemoGuide;
import dev.hookkeeper.app.demo.DemoProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --demo}: the real server on a throw-away embedded database, pointed at in-process GitHub
 * and GitLab simulators. Nothing is configured or reachable outside 127.0.0.1.
 */
public final class DemoLauncher {
  private static final Logger log = LoggerFactory.getLogger(DemoLauncher.class);

  static final String DEMO_GITHUB_CLIENT_ID = "Ov23liHookkeeperDemo";
  static final String DEMO_GITLAB_CLIENT_ID = "hookkeeper-demo-application";

  private DemoLauncher() {}

  /**
   * The demo's OAuth applications: on the simulated providers, registered there once the server
   * runs.
   */
  static SignInConfig demoSignIn(
      DemoProviders providers,
      java.time.Duration sessionTtl,
      String githubSecret,
      String gitlabSecret) {
    return new SignInConfig(
        providers.githubWebUrl(),
        new SignInConfig.OAuthApp(DEMO_GITHUB_CLIENT_ID, githubSecret),
        new SignInConfig.OAuthApp(DEMO_GITLAB_CLIENT_ID, gitlabSecret),
        sessionTtl);
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  public static AutoCloseable start(AppConfig config) {
    Path dir = tempDir();
    DemoProviders providers = DemoProviders.start();
    String githubSecret = randomSecret();
    String gitlabSecret = randomSecret();
    SignInConfig signIn =
        demoSignIn(providers, config.signIn().sessionTtl(), githubSecret, gitlabSecret);
    AppConfig demo =
        new AppConfig(
            "127.0.0.1",
            config.port(),
            null,
            dir,
            null,
            null,
            List.of(),
            null,
            providers.githubApiUrl(),
            providers.gitlabUrl(),
            config.githubEvents(),
            config.gitlabEvents(),
            config.logFormat(),
            config.retention(),
            ClusterSettings.DEFAULTS,
            signIn,
            config.healing());
    RunningServer server;
    try {
      server = Wiring.start(demo, providers::registerRoutes);
    } catch (RuntimeException e) {
      providers.close();
      deleteTree(dir);
      throw e;
    }
    providers.registerOAuthApps(
        server.webhookBaseUrl(),
        DEMO_GITHUB_CLIENT_ID,
        githubSecret,
        DEMO_GITLAB_CLIENT_ID,
        gitlabSecret);
    log.info("demo mode: throw-away data in {}", dir);
    server
        .generatedAdminTokenFile()
        .ifPresent(file -> AdminTokenBanner.print(file, server.localUrl()));
    DemoGuide.print(server.useCases(), server.localUrl(), Console::out);
    return () -> {
      server.close();
      providers.close();
      deleteTree(dir);
    };
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("hookkeeper-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the demo", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}: {}", dir, e.toString());
    }
  }
}
