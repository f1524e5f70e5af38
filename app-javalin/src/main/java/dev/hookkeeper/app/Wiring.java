package dev.hookkeeper.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.app.http.AdminToken;
import dev.hookkeeper.app.http.AuthFailureThrottle;
import dev.hookkeeper.app.http.ClientAddress;
import dev.hookkeeper.app.http.HttpDependencies;
import dev.hookkeeper.app.http.HttpMetrics;
import dev.hookkeeper.app.http.WebServer;
import dev.hookkeeper.app.sse.EventStreamRoute;
import dev.hookkeeper.app.sse.SseHub;
import dev.hookkeeper.app.sse.SseNotifier;
import dev.hookkeeper.app.web.WebRoutes;
import dev.hookkeeper.app.web.WebSessions;
import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.config.ReconcileSettings;
import dev.hookkeeper.core.config.SignInPorts;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.ingest.IngestSettings;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ProviderOAuth;
import dev.hookkeeper.core.support.TimeOrderedIdGenerator;
import dev.hookkeeper.core.usecase.ReencryptSecrets;
import dev.hookkeeper.core.usecase.RenewDueTokens;
import dev.hookkeeper.core.usecase.RenewingTokenRefresher;
import dev.hookkeeper.core.usecase.SelfHealing;
import dev.hookkeeper.core.usecase.SignInUseCases;
import dev.hookkeeper.core.usecase.UseCases;
import dev.hookkeeper.github.GitHubHooksClient;
import dev.hookkeeper.github.GitHubInboundDecoder;
import dev.hookkeeper.github.GitHubOAuthClient;
import dev.hookkeeper.gitlab.GitLabHooksClient;
import dev.hookkeeper.gitlab.GitLabInboundDecoder;
import dev.hookkeeper.gitlab.GitLabOAuthClient;
import dev.hookkeeper.persistence.ClusterSchedule;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the only class that knows every adapter. Builds the database (embedded or
 * external), the stores, the provider adapters, the use cases, the HTTP server and the background
 * jobs, and tears them down in reverse order.
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

    SseHub hub = new SseHub(SSE_WRITER_THREADS);
    resources.add(0, hub);
    Gauge.builder("hookkeeper.sse.clients", hub, SseHub::clientCount)
        .description("Open live event streams")
        .register(registry);

    OkHttpClient http = GitHubHooksClient.defaultHttpClient();
    GitHubHooksClient github = new GitHubHooksClient(config.githubApiUrl(), http);
    GitLabHooksClient gitlab = new GitLabHooksClient(http, config.gitlabUrl());
    Providers providers =
        new Providers(
            List.of(github, gitlab),
            List.of(github.runsClient(), gitlab.runsClient()),
            List.of(github.repositoriesClient(), gitlab.repositoriesClient()),
            List.of(new GitHubInboundDecoder(), new GitLabInboundDecoder(clock)));
    String base = config.effectiveWebhookBaseUrl(port);
    HookSettings settings =
        new HookSettings(
            Map.of(
                Provider.GITHUB,
                base + "/api/v2/webhooks/github",
                Provider.GITLAB,
                base + "/api/v2/webhooks/gitlab"),
            Map.of(Provider.GITHUB, config.githubEvents(), Provider.GITLAB, config.gitlabEvents()));
    Ports ports =
        new Ports(
            stores.users(),
            stores.tokenVault(),
            stores.repositories(),
            stores.hooks(),
            stores.connections(),
            stores.deliveries(),
            stores.inbox(),
            stores.workflowRuns(),
            stores.incidents(),
            stores.notifications(),
            stores.hookCleanups(),
            stores.hookEvents(),
            stores.reconcileSchedule(),
            new MeteredNotifier(new SseNotifier(hub), registry),
            stores.transactionRunner(),
            cipher,
            new RandomSecretGenerator(),
            new TimeOrderedIdGenerator(),
            clock);
    // a sign-in stores a working token: the user's hooks that waited for one are reconciled at once
    AtomicReference<UseCases> built = new AtomicReference<>();
    SignInUseCases signIn =
        signIn(
            config,
            ports,
            stores,
            github,
            gitlab,
            http,
            base,
            clock,
            (user, provider) -> built.get().reconcileHooks().afterTokenStored(user, provider));
    ReencryptSecrets reencryption = new ReencryptSecrets(stores.secretsAtRest());
    AppConfig.HealingConfig healing = config.healing();
    // tokens refused by the provider are renewed as the dashboard renews them, before they count as
    // lost
    SelfHealing selfHealing =
        new SelfHealing(
            ReconcileSettings.DEFAULTS
                .withInterval(healing.reconcileInterval())
                .withSecrets(healing.secretGrace(), healing.secretMaxAge(), healing.quietAfter()),
            new RenewingTokenRefresher(signIn.renewProviderToken()),
            new HealingMetrics(registry, stores.hooks(), reencryption));
    // what other instances on this database commit: hook changes drop cached hooks at once
    String listenUrl =
        config.cluster().listenUrl() != null ? config.cluster().listenUrl() : databaseUrl;
    ClusterFeed clusterFeed = new ClusterFeed(hub);
    UseCases useCases =
        new UseCases(
            ports,
            providers,
            settings,
            IngestSettings.DEFAULTS,
            ProcessingSettings.DEFAULTS.withProcessors(config.cluster().processors()),
            new InboxMetrics(registry, stores.inbox()),
            selfHealing);
    built.set(useCases);
    // closed after the server has finished its in-flight requests and before the pool: the
    // deliveries still queued for an append are stored, not dropped; unprocessed ones stay in the
    // inbox
    resources.add(0, useCases);
    clusterFeed.ingest(useCases.ingestDelivery());
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

    WebSessions sessions =
        new WebSessions(signIn, base.startsWith("https://"), config.signIn().sessionTtl());

    AuthFailureThrottle throttle =
        new AuthFailureThrottle(AUTH_FAILURES_PER_MINUTE, Duration.ofMinutes(1), clock);
    AtomicBoolean draining = new AtomicBoolean();
    HttpDependencies deps =
        new HttpDependencies(
            useCases,
            admin,
            throttle,
            new HttpMetrics(registry),
            new DatabaseProbe(dataSource),
            draining::get,
            new ClientAddress(config.cluster().trustedProxies()),
            registry::scrape,
            clock,
            sessions);
    EventStreamRoute events =
        new EventStreamRoute(
            useCases.authenticateUser(), useCases.catchUpNotifications(), hub, sessions::signedIn);
    WebRoutes pages = new WebRoutes(useCases, signIn, sessions, base, clock);
    WebServer server =
        WebServer.create(
            config.host(),
            port,
            deps,
            routes -> {
              events.register(routes);
              pages.register(routes);
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
    ClusterSchedule cluster = stores.clusterSchedule(instanceName(port));
    Duration cleanupEvery = config.cluster().cleanupInterval();
    jobs.oncePerCluster(
        "hook-cleanups",
        cleanupEvery.dividedBy(2),
        cleanupEvery,
        cluster,
        () -> {
          int done = useCases.runHookCleanups().runDue();
          if (done > 0)
            log.atInfo().addKeyValue("completed", done).log("queued hook deletions completed");
        });
    jobs.oncePerCluster(
        "retention",
        Duration.ofMinutes(5),
        Duration.ofDays(1),
        cluster,
        () -> {
          Map<String, Integer> purged = useCases.applyRetention().apply(config.retention());
          var line = log.atInfo();
          for (Map.Entry<String, Integer> step : purged.entrySet())
            line = line.addKeyValue(step.getKey(), step.getValue());
          line.log("data past retention purged");
        });
    jobs.every("throttle-prune", Duration.ofMinutes(1), Duration.ofMinutes(1), throttle::prune);
    jobs.oncePerCluster(
        "secret-retirement",
        Duration.ofSeconds(1),
        retirementPeriod(healing.secretGrace()),
        cluster,
        () -> {
          int retired = useCases.retirePreviousSecrets().retireDue();
          if (retired > 0)
            log.atInfo()
                .addKeyValue("retired", retired)
                .log("previous webhook secrets retired after their grace period");
        });
    jobs.oncePerCluster(
        "reencryption",
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        cluster,
        () -> {
          int done = reencryption.run(REENCRYPTION_BATCHES_PER_RUN);
          if (done > 0) {
            log.atInfo()
                .addKeyValue("reencrypted", done)
                .addKeyValue("remaining", reencryption.remaining())
                .log("secrets re-encrypted under the current key");
          }
        });
    // GitLab's OAuth tokens last 2 h: renewed ahead of expiry, so whatever uses a token finds a
    // live one
    jobs.oncePerCluster(
        "token-renewal",
        Duration.ofSeconds(20),
        Duration.ofMinutes(1),
        cluster,
        () -> {
          RenewDueTokens.Outcome renewed = signIn.renewDueTokens().renewDue();
          if (renewed.due() > 0) {
            log.atInfo()
                .addKeyValue("due", renewed.due())
                .addKeyValue("renewed", renewed.renewed())
                .addKeyValue("refused", renewed.refused())
                .log("provider tokens renewed");
          }
        });
    jobs.oncePerCluster(
        "session-purge",
        Duration.ofMinutes(2),
        Duration.ofHours(1),
        cluster,
        () -> {
          int purged = signIn.purgeExpiredSignIns().purge();
          if (purged > 0)
            log.atInfo().addKeyValue("purged", purged).log("expired sessions and sign-ins purged");
        });

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
        server, useCases, signIn, draining, base, generatedAdminTokenFile, List.copyOf(resources));
  }

  /** How this instance signs what it does in shared tables: host and port. */
  private static String instanceName(int port) {
    try {
      return InetAddress.getLocalHost().getHostName() + ":" + port;
    } catch (IOException e) {
      return "unknown-host:" + port;
    }
  }

  /** Sign-in with the providers whose OAuth application is configured; accounts APIs for both. */
  private static SignInUseCases signIn(
      AppConfig config,
      Ports ports,
      PersistenceModule stores,
      GitHubHooksClient github,
      GitLabHooksClient gitlab,
      OkHttpClient http,
      String base,
      Clock clock,
      BiConsumer<UserId, Provider> tokenStored) {
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
    SignInPorts signInPorts =
        new SignInPorts(
            stores.identities(),
            stores.sessions(),
            stores.signIns(),
            oauth,
            List.of(github.accountsClient(), gitlab.accountsClient()));
    log.atInfo()
        .addKeyValue("providers", oauth.stream().map(o -> o.provider().id()).toList())
        .log("sign-in providers");
    return new SignInUseCases(
        ports, signInPorts, SignInSettings.withSessionTtl(signIn.sessionTtl()), tokenStored);
  }

  /**
   * A tenth of the grace period (so a retired secret goes within 10 % of it), between 1 s and 1
   * min.
   */
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
