package dev.hookkeeper.app;

import dev.hookkeeper.app.http.WebServer;
import dev.hookkeeper.core.usecase.SignInUseCases;
import dev.hookkeeper.core.usecase.UseCases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** A started server; {@link #close()} stops it gracefully and releases everything it opened. */
public final class RunningServer implements AutoCloseable {
  private final WebServer server;
  private final UseCases useCases;
  private final AtomicBoolean draining;
  private final SignInUseCases signIn;
  private final String webhookBaseUrl;
  private final Optional<Path> generatedAdminTokenFile;
  private final List<AutoCloseable> resources;
  private final AtomicBoolean closed = new AtomicBoolean();

  RunningServer(WebServer server, UseCases useCases, SignInUseCases signIn, AtomicBoolean draining,
      String webhookBaseUrl, Optional<Path> generatedAdminTokenFile, List<AutoCloseable> resources) {
    this.server = server;
    this.useCases = useCases;
    this.signIn = signIn;
    this.draining = draining;
    this.webhookBaseUrl = webhookBaseUrl;
    this.generatedAdminTokenFile = generatedAdminTokenFile;
    this.resources = resources;
  }

  public int port() {
    return server.port();
  }

  public String localUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public String webhookBaseUrl() {
    return webhookBaseUrl;
  }

  /** The use cases, for the demo's setup and for tests. */
  public UseCases useCases() {
    return useCases;
  }

  /** Sign-in, sessions and token renewal, for tests. */
  public SignInUseCases signInUseCases() {
    return signIn;
  }

  /** The file holding the admin token, present only on the start that generated it. */
  public Optional<Path> generatedAdminTokenFile() {
    return generatedAdminTokenFile;
  }

  public List<String> routes() {
    return server.routes();
  }

  /**
   * The graceful end after SIGTERM: reports itself not ready at once (so the load balancer stops
   * sending), keeps serving for {@code grace} meanwhile, then {@link #close()}s.
   */
  public void drainThenClose(Duration grace) {
    draining.set(true);
    try {
      Thread.sleep(grace.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  public boolean draining() {
    return draining.get();
  }

  /** Ends live streams, stops accepting, finishes in-flight requests, closes pool and database. */
  @Override
  public void close() {
    draining.set(true);
    if (closed.compareAndSet(false, true)) Wiring.closeAll(resources);
  }
}
