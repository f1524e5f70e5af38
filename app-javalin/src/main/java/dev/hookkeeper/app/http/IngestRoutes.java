package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.port.WebhookInfraException;
import dev.hookkeeper.core.usecase.IngestDelivery;
import dev.hookkeeper.core.usecase.IngestResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The universal webhook endpoints. No bearer auth: the signature or token is the authentication.
 * Checks run in the documented order: size (declared, then while reading), content type,
 * then the use case (missing header, authentication, dedup, processing). A 2xx is only ever sent
 * after the use case returned, i.e. after the delivery was committed. While the store is down,
 * deliveries are refused with a 503 at once ({@link StoreOutageGate}).
 */
final class IngestRoutes {
  /** GitHub caps payloads at 25 MB; GitLab's default limit is the same order. */
  static final int MAX_BODY_BYTES = 25 * 1024 * 1024;
  /** GitHub gives up after 10 s; a body that takes longer than this is a slow-drip attack. */
  static final Duration BODY_READ_BUDGET = Duration.ofSeconds(20);
  /**
   * Every authentication failure is answered no sooner than this after the request arrived, so an
   * unknown hook (a lookup) and a bad signature (a lookup plus the forensic log write) take the
   * same time. Held without a thread: the answer is completed from a timer.
   */
  static final Duration AUTH_FAILURE_FLOOR = Duration.ofMillis(50);
  /** While the store is down, how often one delivery is let through to try it again. */
  static final Duration STORE_RETRY = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(IngestRoutes.class);
  private static final byte[] OK = bytes("{\"status\":\"ok\",\"processed\":true}");
  private static final byte[] STORED = bytes("{\"status\":\"stored\",\"processed\":false}");
  private static final byte[] DUPLICATE = bytes("{\"status\":\"duplicate\"}");
  // one body for every authentication failure: it must not say whether the hook exists
  private static final byte[] UNAUTHENTICATED =
      bytes("{\"error\":\"unauthenticated\",\"message\":\"the delivery could not be authenticated\"}");
  private static final byte[] TOO_LARGE =
      bytes("{\"error\":\"payload_too_large\",\"message\":\"webhook bodies are limited to 25 MB\"}");
  private static final byte[] UNSUPPORTED = bytes("{\"error\":\"unsupported_media_type\","
      + "\"message\":\"send application/json or application/x-www-form-urlencoded\"}");
  private static final byte[] UNAVAILABLE =
      bytes("{\"error\":\"unavailable\",\"message\":\"the database is unavailable; retry shortly\"}");
  private static final byte[] THROTTLED = bytes("{\"error\":\"too_many_requests\","
      + "\"message\":\"too many failed authentications from this address\"}");
  private static final byte[] TOO_SLOW =
      bytes("{\"error\":\"request_timeout\",\"message\":\"the request body arrived too slowly\"}");
  private static final byte[] UNREADABLE =
      bytes("{\"error\":\"invalid_body\",\"message\":\"the request body could not be read\"}");

  private final IngestDelivery ingest;
  private final AuthFailureThrottle throttle;
  private final HttpMetrics metrics;
  private final InstantSource clock;
  private final StoreOutageGate gate = new StoreOutageGate(STORE_RETRY.toNanos(), System::nanoTime);

  IngestRoutes(IngestDelivery ingest, AuthFailureThrottle throttle, HttpMetrics metrics, InstantSource clock) {
    this.ingest = ingest;
    this.throttle = throttle;
    this.metrics = metrics;
    this.clock = clock;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v2/webhooks/github", ctx -> handle(ctx, Provider.GITHUB));
    routes.post("/api/v2/webhooks/gitlab", ctx -> handle(ctx, Provider.GITLAB));
  }

  private void handle(Context ctx, Provider provider) {
    long start = System.nanoTime();
    HttpServletRequest req = ctx.req();
    IngestLog line = new IngestLog(provider, start);
    if (BoundedBody.declaredTooLarge(req, MAX_BODY_BYTES)) {
      // refuse before reading; closing stops the client from streaming the rest at us
      ctx.header("Connection", "close");
      respond(ctx, 413, TOO_LARGE, line.outcome("too_large"));
      return;
    }
    byte[] body;
    try {
      body = BoundedBody.read(req, MAX_BODY_BYTES, BODY_READ_BUDGET);
    } catch (BoundedBody.TooLarge e) {
      ctx.header("Connection", "close");
      respond(ctx, 413, TOO_LARGE, line.outcome("too_large"));
      return;
    } catch (BoundedBody.TooSlow e) {
      ctx.header("Connection", "close");
      respond(ctx, 408, TOO_SLOW, line.outcome("too_slow"));
      return;
    } catch (IOException e) {
      respond(ctx, 400, UNREADABLE, line.outcome("unreadable_body"));
      return;
    }
    // after the body, so that an oversized body is a 413 whatever its type (the documented order)
    if (!acceptableContentType(ctx.contentType())) {
      respond(ctx, 415, UNSUPPORTED, line.outcome("unsupported_media_type"));
      return;
    }
    Headers headers = headersOf(req);
    line.presented(headers);
    StoreOutageGate.Pass pass = gate.admit();
    if (pass == null) {
      ctx.header("Retry-After", ErrorHandlers.RETRY_AFTER_SECONDS);
      respond(ctx, 503, UNAVAILABLE, line.outcome("unavailable").error("store_down"));
      return;
    }
    IngestResult result;
    try {
      result = ingest.ingest(provider, new InboundRequest(headers, body, req.getRemoteAddr(), clock.instant()));
    } catch (WebhookInfraException e) {
      gate.failed(pass);
      ctx.header("Retry-After", ErrorHandlers.RETRY_AFTER_SECONDS);
      respond(ctx, 503, UNAVAILABLE, line.outcome("unavailable").error(e.getClass().getSimpleName()));
      return;
    } catch (RuntimeException | Error e) {
      gate.done(pass); // a trial must never stay running: the gate would refuse everything after it
      throw e;
    }
    if (result instanceof IngestResult.Processed || result instanceof IngestResult.Stored
        || result instanceof IngestResult.Duplicate) {
      gate.committed(pass);
    } else {
      gate.done(pass);
    }
    answer(ctx, provider, req.getRemoteAddr(), result, line);
  }

  private void answer(Context ctx, Provider provider, String remote, IngestResult result, IngestLog line) {
    if (result instanceof IngestResult.MissingHeader r) {
      ctx.status(400).contentType("application/json").result(bytes(
          "{\"error\":\"missing_header\",\"message\":\"the " + r.header() + " header is required\"}"));
      finish(line.outcome("missing_header"), 400);
    } else if (result instanceof IngestResult.Unauthenticated r) {
      metrics.signatureFailure(provider);
      line.hook(r.hookId(), r.repositoryId()).outcome("unauthenticated").error(r.reason());
      long wait = throttle.recordFailure(remote);
      if (wait > 0) {
        ctx.header("Retry-After", Long.toString(wait));
        line.outcome("throttled");
      }
      int status = wait > 0 ? 429 : 401;
      byte[] body = wait > 0 ? THROTTLED : UNAUTHENTICATED;
      long remaining = AUTH_FAILURE_FLOOR.toNanos() - (System.nanoTime() - line.startNanos());
      if (remaining <= 0) {
        respond(ctx, status, body, line);
      } else {
        Executor later = CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS);
        ctx.future(() -> CompletableFuture.runAsync(() -> respond(ctx, status, body, line), later));
      }
    } else if (result instanceof IngestResult.Duplicate r) {
      line.delivery(r.deliveryId()).hook(r.hookId(), r.repositoryId()).outcome("duplicate");
      respond(ctx, 200, DUPLICATE, line);
    } else if (result instanceof IngestResult.Processed r) {
      respond(ctx, 200, OK, line.delivered(r.delivery()).outcome("processed"));
    } else if (result instanceof IngestResult.Stored r) {
      line.delivered(r.delivery()).outcome(r.delivery().status().wireName()).error(r.why());
      respond(ctx, 202, STORED, line);
    } else {
      throw new AssertionError(result);
    }
  }

  private void respond(Context ctx, int status, byte[] body, IngestLog line) {
    ctx.status(status).contentType("application/json").result(body);
    finish(line, status);
  }

  private void finish(IngestLog line, int status) {
    long nanos = System.nanoTime() - line.startNanos();
    metrics.ingest(line.provider(), line.event(), line.outcomeName(), nanos);
    line.write(log, status, nanos);
  }

  static boolean acceptableContentType(String contentType) {
    if (contentType == null) return false;
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.endsWith("+json")
        || type.equals("application/x-www-form-urlencoded");
  }

  private static Headers headersOf(HttpServletRequest req) {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      raw.put(name, new ArrayList<>(Collections.list(req.getHeaders(name))));
    }
    return Headers.of(raw);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
