package dev.hookkeeper.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.Hookkeeper;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Hookkeeper's JSON API and its webhook ingest endpoints, for whoever mounts them: the standalone
 * server under no prefix with its own credentials, an app under its prefix with its own
 * authentication ({@link ApiAccess}).
 *
 * @param access who may call the API
 * @param sessions the signed-in browsers to sign out when a user is deleted ({@link
 *     BrowserSessions#NONE} without pages)
 * @param throttle failed webhook authentications per sender
 * @param clientAddress the sender of a request, through trusted proxies
 */
public record ApiRoutes(
    Hookkeeper hookkeeper,
    ApiAccess access,
    BrowserSessions sessions,
    AuthFailureThrottle throttle,
    HttpMetrics metrics,
    ClientAddress clientAddress,
    InstantSource clock) {
  /**
   * Where the ingest endpoints are, below the mount's prefix: this, a slash and the provider's id.
   */
  public static final String INGEST_PATH = "/api/v2/webhooks";

  public ApiRoutes {
    Objects.requireNonNull(hookkeeper, "hookkeeper == null");
    Objects.requireNonNull(access, "access == null");
    Objects.requireNonNull(sessions, "sessions == null");
    Objects.requireNonNull(throttle, "throttle == null");
    Objects.requireNonNull(metrics, "metrics == null");
    Objects.requireNonNull(clientAddress, "clientAddress == null");
    Objects.requireNonNull(clock, "clock == null");
  }

  /** Registers every route on {@code mount}. */
  public void register(RouteMount mount) {
    ObjectMapper mapper = Json.newMapper();
    new AccountRoutes(hookkeeper, access, mapper, sessions).register(mount);
    new RepositoryRoutes(hookkeeper, access, mapper, metrics).register(mount);
    new WebhookHealthRoutes(hookkeeper, access, mapper).register(mount);
    new IncidentRoutes(hookkeeper, access, mapper).register(mount);
    new IngestRoutes(
            hookkeeper.ingestDelivery(),
            hookkeeper.providers(),
            throttle,
            metrics,
            clock,
            clientAddress)
        .register(mount);
  }
}
