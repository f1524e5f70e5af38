package dev.hookkeeper.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.app.http.AdminToken;
import dev.hookkeeper.app.http.AuthFailureThrottle;
import dev.hookkeeper.app.http.HttpDependencies;
import dev.hookkeeper.app.http.HttpMetrics;
import dev.hookkeeper.app.http.WebServer;
import dev.hookkeeper.app.sse.EventStreamRoute;
import dev.hookkeeper.app.sse.SseHub;
import dev.hookkeeper.app.sse.SseNotifier;
import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.config.ReconcileSettings;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.ingest.IngestSettings;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.port.TokenRefresher;
import dev.hookkeeper.core.support.TimeOrderedIdGenerator;
import dev.hookkeeper.core.usecase.ReencryptSecrets;
import dev.hookkeeper.core.usecase.SelfHealing;
import dev.hookkeeper.core.usecase.UseCases;
import dev.hookkeeper.github.GitHubHooksClient;
import dev.hookkeeper.github.GitHubInboundDecoder;
import dev.hookkeeper.gitlab.GitLabHooksClient;
import dev.hookkeeper.gitlab.GitLabInboundDecoder;
import dev.hookkeeper.persistence.EmbeddedPostgresServer;
import dev.hookkeeper.persistence.Migrations;
import dev.hookkeeper.persistence.PersistenceModule;
import dev.hookkeeper.persistence.PostgresDataSource;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the only class that knows every adapter. Builds the database (embedded
 * or external), the stores, the provider adapters, the use cases, the HTTP server and the
 * background jobs, and tears them down in reverse order.
 */
public final class Wiring {
  static final int SSE_WRITER_THREADS = 8;
  static final int AUTH_FAILURES_PER_MINUTE = 30;
  /** Up to 50 × 200 secrets a minute: a key rotation of 10 000 hooks finishes within minutes. */
  static final int REENCRYPTION_BATCHES_PER_RUN = 50;
  private static final Logger log = LoggerFactory.getLogger(Wiring.class);

  private Wiring() {}

  /** Starts the server described by {@code config}. */
  public static RunningServer start(AppConfig config) {
    return start(config, routes -> {});
  }

  /** As {@link #start(AppConfig)}, with extra routes (the demo's). */
  public static RunningServer start(AppConfig config, Consumer<RoutesConfig> extraRoutes) {
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      return build(config, extraRoutes, resources);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  private static RunningServer build(AppConfig config, Consumer<RoutesConfig> extraRoutes,
      List<AutoCloseable> resources) {
    Clock clock = Clock.systemUTC();
    int port = config.port() == 0 ? freePort(config.host()) : config.port();
    DataDirectory dataDir = new DataDirectory(config.dataDir());
    dataDir.create();

    String databaseUrl = config.databaseUrl();
    String key = config.encryptionKey();
    if (config.embeddedDatabase()) {
      // the key first: one is generated only where no database exists yet that an older key encrypted
      if (key == null) key = dataDir.encryptionKey();
      EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(dataDir.postgres());
      resources.add(0, embedded);
      databaseUrl = embedded.jdbcUrl();
      log.atInfo().addKeyValue("data_dir", dataDir.root().toString()).log("embedded PostgreSQL started");
    }
    HikariDataSource dataSource = PostgresDataSource.create(databaseUrl);
    resources.add(0, dataSource);
    int applied = Migrations.migrate(dataSource);
    log.atInfo().addKeyValue("applied", applied).log("database schema is current");

    AesGcmSecretCipher cipher = new AesGcmSecretCipher(KeyRing.fromBase64(key, config.previousEncryptionKeys()));
    PersistenceModule stores = PersistenceModule.create(dataSource, cipher);

    PrometheusMeterRegistry registry = PrometheusMetrics.create(dataSource);

    SseHub hub = new SseHub(SSE_WRITER_THREADS);
    resources.add(0, hub);
    Gauge.builder("hookkeeper.sse.clients", hub, SseHub::clientCount)
        .description("Open live event streams").register(registry);

    OkHttpClient http = GitHubHooksClient.defaultHttpClient();
    GitHubHooksClient github = new GitHubHooksClient(config.githubApiUrl(), http);
    GitLabHooksClient gitlab = new GitLabHooksClient(http, config.gitlabUrl());
    Providers providers = new Providers(List.of(github, gitlab), List.of(github.runsClient(), gitlab.runsClient()),
        List.of(github.repositoriesClient(), gitlab.repositoriesClient()),
        List.of(new GitHubInboundDecoder(), new GitLabInboundDecoder(clock)));
    String base = config.effectiveWebhookBaseUrl(port);
    HookSettings settings = new HookSettings(
        Map.of(Provider.GITHUB, base + "/api/v2/webhooks/github", Provider.GITLAB, base + "/api/v2/webhooks/gitlab"),
        Map.of(Provider.GITHUB, config.githubEvents(), Provider.GITLAB, config.gitlabEvents()));
    Ports ports = new Ports(stores.users(), stores.tokenVault(), stores.repositories(), stores.hooks(),
        stores.connections(), stores.deliveries(), stores.inbox(), stores.workflowRuns(), stores.incidents(), stores.notifications(),
        stores.hookCleanups(), stores.hookEvents(), stores.reconcileSchedule(),
        new MeteredNotifier(new SseNotifier(hub), registry), stores.transactionRunner(),
        cipher, new RandomSecretGenerator(), new TimeOrderedIdGenerator(), clock);
    ReencryptSecrets reencryption = new ReencryptSecrets(stores.secretsAtRest());
    AppConfig.HealingConfig healing = config.healing();
    SelfHealing selfHealing = new SelfHealing(ReconcileSettings.DEFAULTS.withInterval(healing.reconcileInterval())
        .withSecrets(healing.secretGrace(), healing.secretMaxAge(), healing.quietAfter()),
        TokenRefresher.NONE, new HealingMetrics(registry, stores.hooks(), reencryption));
    UseCases useCases = new UseCases(ports, providers, settings, IngestSettings.DEFAULTS, ProcessingSettings.DEFAULTS,
        new InboxMetrics(registry, stores.inbox()), selfHealing);
    // closed after the server has finished its in-flight requests and before the pool: the
    // deliveries still queued for an append are stored, not dropped; unprocessed ones stay in the inbox
    resources.add(0, useCases);

    Optional<Path> generatedAdminTokenFile = Optional.empty();
    AdminToken admin;
    if (config.adminToken() != null) {
      admin = AdminToken.ofPlaintext(config.adminToken());
    } else {
      DataDirectory.AdminSetup setup = dataDir.adminToken();
      admin = setup.check();
      generatedAdminTokenFile = setup.generatedFile();
      log.atInfo().addKeyValue("file", setup.source().toString()).log("admin token from the data directory");
    }

    AuthFailureThrottle throttle = new AuthFailureThrottle(AUTH_FAILURES_PER_MINUTE, Duration.ofMinutes(1), clock);
    HttpDependencies deps = new HttpDependencies(useCases, admin, throttle, new HttpMetrics(registry),
        new DatabaseProbe(dataSource), registry::scrape, clock);
    EventStreamRoute events = new EventStreamRoute(useCases.authenticateUser(), useCases.catchUpNotifications(), hub);
    WebServer server = WebServer.create(config.host(), port, deps, routes -> {
      events.register(routes);
      extraRoutes.accept(routes);
    });
    server.start();
    resources.add(0, server::stop);
    // the hub closes before the server so that open streams do not hold up the graceful stop
    resources.remove(hub);
    resources.add(0, hub);

    BackgroundJobs jobs = new BackgroundJobs();
    resources.add(1, jobs);
    jobs.every("sse-heartbeat", Duration.ofSeconds(15), Duration.ofSeconds(15), hub::heartbeat);
    jobs.every("hook-cleanups", Duration.ofSeconds(30), Duration.ofMinutes(1), () -> {
      int done = useCases.runHookCleanups().runDue();
      if (done > 0) log.atInfo().addKeyValue("completed", done).log("queued hook deletions completed");
    });
    jobs.every("body-retention", Duration.ofMinutes(5), Duration.ofDays(1), () -> {
      int purged = useCases.purgeDeliveryBodies().purgeOlderThan(config.bodyRetention());
      log.atInfo().addKeyValue("purged", purged).log("delivery bodies past retention purged");
    });
    jobs.every("throttle-prune", Duration.ofMinutes(1), Duration.ofMinutes(1), throttle::prune);
    jobs.every("secret-retirement", Duration.ofSeconds(1), retirementPeriod(healing.secretGrace()), () -> {
      int retired = useCases.retirePreviousSecrets().retireDue();
      if (retired > 0) log.atInfo().addKeyValue("retired", retired).log("previous webhook secrets retired after their grace period");
    });
    jobs.every("reencryption", Duration.ofSeconds(10), Duration.ofMinutes(1), () -> {
      int done = reencryption.run(REENCRYPTION_BATCHES_PER_RUN);
      if (done > 0) {
        log.atInfo().addKeyValue("reencrypted", done).addKeyValue("remaining", reencryption.remaining())
            .log("secrets re-encrypted under the current key");
      }
    });

    log.atInfo().addKeyValue("port", server.port()).addKeyValue("webhook_base_url", base)
        .addKeyValue("database", config.embeddedDatabase() ? "embedded" : "external")
        .log("Hookkeeper listening on port {}", server.port());
    return new RunningServer(server, useCases, base, generatedAdminTokenFile, List.copyOf(resources));
  }

  /** A tenth of the grace period (so a retired secret goes within 10 % of it), between 1 s and 1 min. */
  static Duration retirementPeriod(Duration grace) {
    Duration tenth = grace.dividedBy(10);
    if (tenth.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
    return tenth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : tenth;
  }

  /** Port 0 means "any": pick one now, because hooks must know their URL before we listen. */
  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        log.atWarn().log("error while stopping {}: {}", r.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
