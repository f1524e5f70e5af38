package dev.hookkeeper.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the Javalin server is built: connector, limits, JSON, error mapping, request log
 * and every route. Routes from other adapters (SSE, demo) come in through {@code extraRoutes}.
 */
public final class WebServer {
  private static final int RESPONSE_COPY_BUFFER = 4096;

  /**
   * Jetty's default accept queue is the JDK's 50; a provider burst of 1000 connects overflows it.
   */
  static final int ACCEPT_QUEUE = 1024;

  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Set<HandlerType> METHODS =
      Set.of(
          HandlerType.GET,
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.DELETE,
          HandlerType.PATCH);
  private static final Logger accessLog = LoggerFactory.getLogger("dev.hookkeeper.app.http.access");

  private final Javalin javalin;

  private WebServer(Javalin javalin) {
    this.javalin = javalin;
  }

  public static WebServer create(
      String host, int port, HttpDependencies deps, Consumer<RoutesConfig> extraRoutes) {
    ObjectMapper mapper = Json.newMapper();
    OpenApiRoute openApi = OpenApiRoute.fromClasspath();
    Authenticator auth =
        new Authenticator(
            deps.useCases().authenticateUser(), deps.adminToken(), deps.browserSessions());
    Javalin javalin =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jsonMapper(new JavalinJackson(mapper, false));
              config.http.maxRequestSize = JsonBody.MAX_BYTES;
              // Javalin copies every result through a fresh buffer of this size (32 kB by default),
              // and most answers here are a few hundred bytes (docs/performance.md, "Cost model")
              config.http.responseBufferSize = RESPONSE_COPY_BUFFER;
              config.jetty.addConnector(
                  (server, httpConfig) -> {
                    httpConfig.setSendServerVersion(false);
                    ServerConnector connector =
                        new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                    connector.setHost(host);
                    connector.setPort(port);
                    connector.setAcceptQueueSize(ACCEPT_QUEUE);
                    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                    return connector;
                  });
              config.jetty.modifyServer(
                  server -> {
                    // graceful stop: close the connector, then let in-flight requests finish
                    server.setHandler(new GracefulHandler());
                    server.setStopTimeout(STOP_TIMEOUT.toMillis());
                    server.setErrorHandler(new JettyJsonErrors());
                  });
              config.requestLogger.http(
                  (ctx, ms) -> {
                    String path = ctx.path(); // never the query string: it may carry ?access_token=
                    if (path.startsWith("/api/v2/webhooks/"))
                      return; // IngestRoutes writes its own line
                    var line =
                        path.startsWith("/health") || path.equals("/metrics")
                            ? accessLog.atDebug()
                            : accessLog.atInfo();
                    line.addKeyValue("method", ctx.method().name())
                        .addKeyValue("path", path)
                        .addKeyValue("status", ctx.status().getCode())
                        .addKeyValue("duration_ms", ms)
                        .log("{} {} {}", ctx.method().name(), path, ctx.status().getCode());
                  });
              ErrorHandlers.register(config.routes, mapper);
              new AccountRoutes(deps.useCases(), auth, mapper, deps.browserSessions())
                  .register(config.routes);
              new RepositoryRoutes(deps.useCases(), auth, mapper, deps.metrics())
                  .register(config.routes);
              new WebhookHealthRoutes(deps.useCases(), auth).register(config.routes);
              new IncidentRoutes(deps.useCases(), auth).register(config.routes);
              new IngestRoutes(
                      deps.useCases().ingestDelivery(),
                      deps.throttle(),
                      deps.metrics(),
                      deps.clock(),
                      deps.clientAddress())
                  .register(config.routes);
              new OpsRoutes(deps.databaseReady(), deps.draining(), deps.prometheusScrape())
                  .register(config.routes);
              openApi.register(config.routes);
              extraRoutes.accept(config.routes);
            });
    return new WebServer(javalin);
  }

  public WebServer start() {
    javalin.start();
    return this;
  }

  public int port() {
    return javalin.port();
  }

  /** Stops accepting, waits for in-flight requests (bounded), then stops. */
  public void stop() {
    javalin.stop();
  }

  /**
   * Every route as {@code "METHOD /path"}, read from Javalin's router itself (what it matches
   * requests against), for the tests that hold docs/api.md and the OpenAPI description to the
   * server.
   */
  public List<String> routes() {
    return javalin.unsafe.internalRouter.allHttpHandlers().stream()
        .map(handler -> handler.endpoint)
        .filter(endpoint -> METHODS.contains(endpoint.method))
        .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
        .toList();
  }
}
