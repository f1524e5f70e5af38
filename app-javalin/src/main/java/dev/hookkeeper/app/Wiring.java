package dev.hookkeeper.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.app.http.AdminToken;
import dev.hookkeeper.app.http.ApiAccess;
import dev.hookkeeper.app.http.AuthFailureThrottle;
import dev.hookkeeper.app.http.ClientAddress;
import dev.hookkeeper.app.http.HttpDependencies;
import dev.hookkeeper.app.http.WebServer;
import dev.hookkeeper.app.sse.EventStreamRoute;
import dev.hookkeeper.app.sse.SseHub;
import dev.hookkeeper.app.sse.SseNotifier;
import dev.hookkeeper.app.web.WebRoutes;
import dev.hookkeeper.app.web.WebSessions;
import dev.hookkeeper.core.Hookkeeper;
import dev.hookkeeper.core.config.ReconcileSettings;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderOAuth;
import dev.hookkeeper.core.usecase.ReencryptSecrets;
import dev.hookkeeper.core.usecase.SignInUseCases;
import dev.hookkeeper.github.GitHubAdapters;
import dev.hookkeeper.github.GitHubHooksClient;
import dev.hookkeeper.github.GitHubOAuthClient;
import dev.hookkeeper.gitlab.GitLabAdapters;
import dev.hookkeeper.gitlab.GitLabOAuthClient;
import dev.hookkeeper.persistence.EmbeddedPostgresServer;
import dev.hookkeeper.persistence.Migrations;
import dev.hookkeeper.persistence.PersistenceModule;
import dev.hookkeeper.persistence.PostgresChangeFeed;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the only class that knows every adapter. Builds the database (embedded or
 * external), the stores, the provider adapters, Hookkeeper (with the same builder an embedding app
 * uses), the HTTP server (Hookkeeper's routes through the same plugin an app mounts) and the
 * server's own jobs, and tears them down in reverse order.
 */
public final class Wiring {
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

  private static RunningServer build(
      AppConfig config, Consumer<RoutesConfig> extraRoutes, List<AutoCloseable> resources) {
    Clock clock = Clock.systemUTC();
    int port = config.port() == 0 ? freePort(config.host()) : config.port();
    DataDirectory dataDir = new DataDirectory(config.dataDir());
    dataDir.create();

    String databaseUrl = config.databaseUrl();
    String key = config.encryptionKey();
    if (config.embeddedDatabase()) {
      // the key first: one is generated only where no database exists yet that an older key
      // encrypted
      if (key == null) key = dataDir.encryptionKey();
      EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(dataDir.postgres());
      resources.add(0, embedded);
      databaseUrl = embedded.jdbcUrl();
      log.atInfo()
          .addKeyValue("data_dir", dataDir.root().toString())
          .log("embedded PostgreSQL started");
    }
    HikariDataSource dataSource = PostgresDataSource.create(databaseUrl);
    resources.add(0, dataSource);
    int applied = Migrations.migrate(dataSource);
    log.atInfo().addKeyValue("applied", applied).log("database schema is current");

    AesGcmSecretCipher cipher =
        new AesGcmSecretCipher(KeyRing.fromBase64(key, config.previousEncryptionKeys()));
    PersistenceModule stores = PersistenceModule.create(dataSource, cipher);

    PrometheusMeterRegistry registry = PrometheusMetrics.create(dataSource);

    SseHub hub = new SseHub(HookkeeperPlugin.SSE_WRITER_THREADS);
    resources.add(0, hub);
    Gauge.builder("hookkeeper.sse.clients", hub, SseHub::clientCount)
        .description("Open live event streams")
        .register(registry);

    OkHttpClient http = GitHubHooksClient.defaultHttpClient();
    String base = config.effectiveWebhookBaseUrl(port);
    AppConfig.HealingConfig healing = config.healing();
    // what is left encrypted under a previous key, for the metrics; the job re-encrypting it runs
    // in
    // Hookkeeper
    ReencryptSecrets reencryption = new ReencryptSecrets(stores.secretsAtRest());
    // the one way Hookkeeper is composed, here as in any app that embeds it
    Hookkeeper hookkeeper =
        Hookkeeper.builder()
            .stores(stores.stores())
            .cipher(cipher)
            .clock(clock)
            .provider(GitHubAdapters.create(config.githubApiUrl(), http))
            .provider(GitLabAdapters.create(config.gitlabUrl(), http))
            .ingestBaseUrl(HookkeeperPlugin.ingestBaseUrl(base, ""))
            .events(Provider.GITHUB, config.githubEvents())
            .events(Provider.GITLAB, config.gitlabEvents())
            .notifier(new SseNotifier(hub))
            .notifier(new NotificationMetrics(registry))
            .processing(
                ProcessingSettings.DEFAULTS.withProcessors(config.cluster().processors()),
                new InboxMetrics(registry, stores.inbox()))
            .retention(config.retention())
            .cleanupInterval(config.cluster().cleanupInterval())
            .jobSchedule(stores.clusterSchedule(instanceName(port)))
            .jobListener(new JobLog())
            .selfHealing(
                ReconcileSettings.DEFAULTS
                    .withInterval(healing.reconcileInterval())
                    .withSecrets(
                        healing.secretGrace(), healing.secretMaxAge(), healing.quietAfter()))
            .healingListener(new HealingMetrics(registry, stores.hooks(), reencryption))
            .secretsAtRest(c -> stores.secretsAtRest())
            .signIn(
                c -> stores.signInStores(),
                SignInSettings.withSessionTtl(config.signIn().sessionTtl()),
                oauthApps(config, http, base, clock))
            .build();
    // closed after the server has finished its in-flight requests and before the pool: the
    // deliveries still queued for an append are stored, not dropped; unprocessed ones stay in the
    // inbox
    resources.add(0, hookkeeper);
    // what other instances on this database commit: hook changes drop cached hooks at once
    String listenUrl =
        config.cluster().listenUrl() != null ? config.cluster().listenUrl() : databaseUrl;
    ClusterFeed clusterFeed = new ClusterFeed(hub);
    clusterFeed.ingest(hookkeeper.ingestDelivery());
    resources.add(0, PostgresChangeFeed.start(listenUrl, ClusterFeed.CHANNELS, clusterFeed));

    Optional<Path> generatedAdminTokenFile = Optional.empty();
    AdminToken admin;
    if (config.adminToken() != null) {
      admin = AdminToken.ofPlaintext(config.adminToken());
    } else {
      DataDirectory.AdminSetup setup = dataDir.adminToken();
      admin = setup.check();
      generatedAdminTokenFile = setup.generatedFile();
      log.atInfo()
          .addKeyValue("file", setup.source().toString())
          .log("admin token from the data directory");
    }

    SignInUseCases signIn = hookkeeper.signIn().orElseThrow();
    WebSessions sessions =
        new WebSessions(signIn, base.startsWith("https://"), config.signIn().sessionTtl());

    AuthFailureThrottle throttle =
        new AuthFailureThrottle(
            HookkeeperPlugin.AUTH_FAILURES_PER_MINUTE, Duration.ofMinutes(1), clock);
    AtomicBoolean draining = new AtomicBoolean();
    HookkeeperPlugin routes =
        new HookkeeperPlugin(
            hookkeeper,
            hk -> {
              hk.serverAccess = ApiAccess.tokens(hookkeeper.authenticateUser(), admin, sessions);
              hk.serverStreamCaller =
                  EventStreamRoute.tokenOrSession(
                      hookkeeper.authenticateUser(), sessions::signedIn);
              hk.sessions = sessions;
              hk.hub = hub;
              hk.throttle = throttle;
              hk.clientAddress = new ClientAddress(config.cluster().trustedProxies());
              hk.meterRegistry = registry;
              hk.clock = clock;
            });
    HttpDependencies deps =
        new HttpDependencies(new DatabaseProbe(dataSource), draining::get, registry::scrape);
    WebRoutes pages = new WebRoutes(hookkeeper, signIn, sessions, base, clock);
    WebServer server =
        WebServer.create(
            config.host(),
            port,
            deps,
            routes,
            extra -> {
              pages.register(extra);
              extraRoutes.accept(extra);
            });
    server.start();
    resources.add(0, server::stop);
    // the hub closes before the server so that open streams do not hold up the graceful stop
    resources.remove(hub);
    resources.add(0, hub);

    BackgroundJobs jobs = new BackgroundJobs();
    resources.add(1, jobs);
    jobs.every("sse-heartbeat", Duration.ofSeconds(15), Duration.ofSeconds(15), hub::heartbeat);
    jobs.every("throttle-prune", Duration.ofMinutes(1), Duration.ofMinutes(1), throttle::prune);
    if (config.cluster().processors() == 0) {
      log.atWarn()
          .log(
              "HOOKKEEPER_PROCESSORS=0: deliveries are stored and acknowledged here, but their effects"
                  + " wait for an instance with processors");
    }
    log.atInfo()
        .addKeyValue("port", server.port())
        .addKeyValue("webhook_base_url", base)
        .addKeyValue("database", config.embeddedDatabase() ? "embedded" : "external")
        .addKeyValue("processors", config.cluster().processors())
        .log("Hookkeeper listening on port {}", server.port());
    return new RunningServer(
        server, hookkeeper, draining, base, generatedAdminTokenFile, List.copyOf(resources));
  }

  /** How this instance signs what it does in shared tables: host and port. */
  private static String instanceName(int port) {
    try {
      return InetAddress.getLocalHost().getHostName() + ":" + port;
    } catch (IOException e) {
      return "unknown-host:" + port;
    }
  }

  /** The OAuth applications configured: users sign in with those providers. */
  private static List<ProviderOAuth> oauthApps(
      AppConfig config, OkHttpClient http, String base, Clock clock) {
    SignInConfig signIn = config.signIn();
    List<ProviderOAuth> oauth = new ArrayList<>();
    if (signIn.github() != null) {
      oauth.add(
          new GitHubOAuthClient(
              signIn.githubWebUrl(),
              signIn.github().clientId(),
              Secret.of(signIn.github().clientSecret()),
              http,
              clock));
    }
    if (signIn.gitlab() != null) {
      oauth.add(
          new GitLabOAuthClient(
              config.gitlabUrl(),
              signIn.gitlab().clientId(),
              Secret.of(signIn.gitlab().clientSecret()),
              base + "/auth/gitlab/callback",
              http,
              clock));
    }
    log.atInfo()
        .addKeyValue("providers", oauth.stream().map(o -> o.provider().id()).toList())
        .log("sign-in providers");
    return oauth;
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
