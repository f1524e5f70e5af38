package dev.hookkeeper.app;

import dev.hookkeeper.app.http.ApiAccess;
import dev.hookkeeper.app.http.ApiRoutes;
import dev.hookkeeper.app.http.AuthFailureThrottle;
import dev.hookkeeper.app.http.BrowserSessions;
import dev.hookkeeper.app.http.Cidr;
import dev.hookkeeper.app.http.ClientAddress;
import dev.hookkeeper.app.http.HttpMetrics;
import dev.hookkeeper.app.http.Json;
import dev.hookkeeper.app.http.RouteMount;
import dev.hookkeeper.app.sse.EventStreamRoute;
import dev.hookkeeper.app.sse.SseHub;
import dev.hookkeeper.app.sse.SseNotifier;
import dev.hookkeeper.core.Hookkeeper;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.persistence.PostgresChangeFeed;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.plugin.Plugin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hookkeeper's HTTP surface as a Javalin 7 plugin: the webhook ingest endpoints ({@code POST
 * {prefix}/api/v2/webhooks/{provider}}), the JSON API ({@code {prefix}/api/v2/…}) and the live
 * event stream ({@code GET {prefix}/api/v2/events}), mounted in one call by an app that already
 * runs Javalin, beside its own routes:
 *
 * <pre>{@code
 * Javalin.create(config -> config.registerPlugin(new HookkeeperPlugin(hookkeeper, hk -> {
 *   hk.prefix = "/hookkeeper";
 *   hk.authentication = ctx -> Optional.ofNullable(ctx.sessionAttribute("user-id"));
 * })));
 * }</pre>
 *
 * The app authenticates the API and the stream itself: {@link Config#authentication} names the user
 * a request is from, and that user is a Hookkeeper user of the same id (created on first sight);
 * Hookkeeper's API tokens and user administration are not mounted. The ingest endpoints
 * authenticate each delivery by its signature, as always. Hookkeeper's hooks must point at the
 * mounted ingest endpoints: build it with {@link #ingestBaseUrl}, or the app does not start. The
 * standalone server mounts its routes with this very plugin (no prefix, its own credentials).
 *
 * <p>Every route answers its failures itself in the API's JSON shape, whatever exception handlers
 * and JSON mapper the app has. Stopping the app's server ends the open streams; it does not close
 * Hookkeeper, which the app built and closes after its server stopped.
 */
public final class HookkeeperPlugin extends Plugin<HookkeeperPlugin.Config> {
  static final int SSE_WRITER_THREADS = 8;
  static final int AUTH_FAILURES_PER_MINUTE = 30;
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private static final Logger log = LoggerFactory.getLogger(HookkeeperPlugin.class);

  private final Hookkeeper hookkeeper;
  private final List<AutoCloseable> owned = new ArrayList<>();

  /**
   * @param config sets {@link Config#prefix} and {@link Config#authentication} (required)
   */
  public HookkeeperPlugin(Hookkeeper hookkeeper, Consumer<Config> config) {
    super(Objects.requireNonNull(config, "config == null"), new Config());
    this.hookkeeper = Objects.requireNonNull(hookkeeper, "hookkeeper == null");
  }

  /** Who a request is from, as the app knows it. */
  @FunctionalInterface
  public interface Authentication {
    /**
     * The app's id of the request's user; empty when the request is not authenticated (answered
     * 401).
     */
    Optional<String> userId(Context ctx);
  }

  /** How the plugin mounts Hookkeeper. Public fields, as Javalin's plugin configurations have. */
  public static final class Config {
    /**
     * Where the routes go: {@code ""} or a path such as {@code /hookkeeper} (no trailing slash).
     */
    public String prefix = "";

    /** The app's authentication of API and stream requests. Required. */
    public Authentication authentication;

    /**
     * Addresses or CIDRs of the app's load balancers, whose {@code X-Forwarded-For} names a
     * delivery's sender.
     */
    public List<String> trustedProxies = List.of();

    /** Where the ingest and webhook-creation meters go; default: a registry of the plugin's own. */
    public MeterRegistry meterRegistry;

    /**
     * With several instances of the app on one PostgreSQL database: a URL (direct or session-mode,
     * never through a transaction-mode pooler) the plugin listens on, so that each instance's
     * streams hear the notifications any instance stores, and a hook changed by one instance leaves
     * every instance's cache at once. Default: none (one instance).
     */
    public String databaseListenUrl;

    // the standalone server's own wiring: its credentials, and what its other parts share
    ApiAccess serverAccess;
    Function<Context, Optional<User>> serverStreamCaller;
    BrowserSessions sessions = BrowserSessions.NONE;
    SseHub hub;
    AuthFailureThrottle throttle;
    ClientAddress clientAddress;
    InstantSource clock = InstantSource.system();
  }

  /**
   * The ingest base URL to build Hookkeeper with, so its hooks point at the endpoints this plugin
   * mounts: {@code Hookkeeper.builder().ingestBaseUrl(HookkeeperPlugin.ingestBaseUrl(publicUrl,
   * prefix))}.
   *
   * @param publicUrl how providers reach the app, e.g. {@code https://ci.example.com}
   */
  public static String ingestBaseUrl(String publicUrl, String prefix) {
    Objects.requireNonNull(publicUrl, "publicUrl == null");
    String base =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    return base + RouteMount.requireValidPrefix(prefix) + ApiRoutes.INGEST_PATH;
  }

  @Override
  public String name() {
    return "hookkeeper";
  }

  @Override
  public void onInitialize(JavalinState state) {
    Config c = pluginConfig;
    RouteMount.requireValidPrefix(c.prefix);
    if ((c.authentication == null) == (c.serverAccess == null)) {
      throw new IllegalStateException(
          "HookkeeperPlugin needs the app's authentication: set config.authentication");
    }
    // a base URL known only once the app listens (an ephemeral port) cannot be checked yet
    if (!ingestUrlsMatch(c.prefix))
      log.atInfo().log("Hookkeeper's ingest URL is not known yet; not checked");
    state.events.serverStopping(this::stop);
  }

  @Override
  public void onStart(JavalinState state) {
    Config c = pluginConfig;
    ApiAccess access =
        c.serverAccess != null
            ? c.serverAccess
            : ApiAccess.host(c.authentication::userId, hookkeeper.ensureUser());
    Function<Context, Optional<User>> streamCaller =
        c.serverStreamCaller != null ? c.serverStreamCaller : access::userIfAny;
    SseHub hub = c.hub != null ? c.hub : ownHub(c.databaseListenUrl);
    AuthFailureThrottle throttle = c.throttle != null ? c.throttle : ownThrottle(c.clock);
    ClientAddress clientAddress =
        c.clientAddress != null
            ? c.clientAddress
            : new ClientAddress(c.trustedProxies.stream().map(Cidr::parse).toList());
    HttpMetrics metrics =
        new HttpMetrics(c.meterRegistry != null ? c.meterRegistry : new SimpleMeterRegistry());

    RouteMount mount = new RouteMount(state.routes, c.prefix, Json.newMapper());
    new ApiRoutes(hookkeeper, access, c.sessions, throttle, metrics, clientAddress, c.clock)
        .register(mount);
    EventStreamRoute events =
        new EventStreamRoute(
            hookkeeper.catchUpNotifications(), hub, streamCaller, c.serverAccess != null);
    mount.get(EventStreamRoute.PATH, events::handle);
  }

  /**
   * Whether every provider's hooks point at this plugin's ingest endpoints; false while the URL is
   * not known yet.
   *
   * @throws IllegalStateException when they point elsewhere
   */
  private boolean ingestUrlsMatch(String prefix) {
    for (Provider provider : hookkeeper.providers()) {
      String url;
      try {
        url = hookkeeper.ingestUrl(provider);
      } catch (IllegalStateException unknownYet) {
        return false;
      }
      String mounted = prefix + ApiRoutes.INGEST_PATH + "/" + provider.id();
      // a reverse proxy may add a path in front of the app's own: only the end must match
      if (!URI.create(url).getPath().endsWith(mounted)) {
        throw new IllegalStateException(
            "Hookkeeper's "
                + provider.id()
                + " hooks point at "
                + url
                + ", but this plugin receives deliveries at "
                + mounted
                + ": build Hookkeeper with"
                + " ingestBaseUrl(HookkeeperPlugin.ingestBaseUrl(publicUrl, \""
                + prefix
                + "\"))");
      }
    }
    return true;
  }

  /**
   * A hub of the plugin's own, fed with every notification (and, with a listen URL, with what other
   * instances store), with heartbeats; ended when the server stops.
   */
  private SseHub ownHub(String listenUrl) {
    SseHub hub = new SseHub(SSE_WRITER_THREADS);
    owned.add(hookkeeper.subscribe(new SseNotifier(hub)));
    owned.add(hub);
    housekeeping()
        .scheduleWithFixedDelay(
            hub::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    if (listenUrl != null) {
      ClusterFeed feed = new ClusterFeed(hub);
      feed.ingest(hookkeeper.ingestDelivery());
      owned.add(0, PostgresChangeFeed.start(listenUrl, ClusterFeed.CHANNELS, feed));
    }
    return hub;
  }

  private AuthFailureThrottle ownThrottle(InstantSource clock) {
    AuthFailureThrottle throttle =
        new AuthFailureThrottle(AUTH_FAILURES_PER_MINUTE, Duration.ofMinutes(1), clock);
    housekeeping().scheduleWithFixedDelay(throttle::prune, 1, 1, TimeUnit.MINUTES);
    return throttle;
  }

  private ScheduledExecutorService housekeeping;

  private synchronized ScheduledExecutorService housekeeping() {
    if (housekeeping == null) {
      housekeeping =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "hookkeeper-plugin-housekeeping");
                t.setDaemon(true);
                return t;
              });
      ScheduledExecutorService executor = housekeeping;
      owned.add(executor::shutdownNow);
    }
    return housekeeping;
  }

  /**
   * Ends what the plugin started (streams first, so the server's graceful stop does not wait for
   * them).
   */
  private synchronized void stop() {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        log.atWarn().log("error while stopping the Hookkeeper plugin: {}", e.toString());
      }
    }
    owned.clear();
  }
}
