package dev.hookkeeper.app.http;

import dev.hookkeeper.core.ingest.Admission;
import dev.hookkeeper.core.ingest.IngestDelivery;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.Provider;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The universal webhook endpoints. No bearer auth: the signature or token is the authentication.
 * Everything that can be judged from the headers is judged before the body is read (declared size,
 * content type, then the core's admission: missing header, unknown hook, store known down); the
 * body is then read without holding a thread while it arrives ({@link AsyncBody}) and within a
 * shared memory budget ({@link BodyBudget}), verified and stored by the core. A 2xx is only ever
 * sent after the core returned, i.e. after the delivery was durably stored.
 */
final class IngestRoutes {
  /** GitHub caps payloads at 25 MB; GitLab's default limit is the same order. */
  static final int MAX_BODY_BYTES = 25 * 1024 * 1024;
  /** GitHub gives up after 10 s; a body that takes longer than this is a slow-drip attack. */
  static final Duration BODY_READ_BUDGET = Duration.ofSeconds(20);
  /**
   * The bytes every body being read may hold together. About a quarter of the heap the README
   * gives the server (384 MB): a thousand 22 kB deliveries in flight take 22 MB of it.
   */
  static final long BODY_BYTES_IN_FLIGHT = 96L * 1024 * 1024;
  /**
   * Every authentication failure is answered no sooner than this after the request arrived, so an
   * unknown hook (a lookup) and a bad signature (a lookup and a verification) take the same time.
   * Held without a thread: the answer is completed from a timer.
   */
  static final Duration AUTH_FAILURE_FLOOR = Duration.ofMillis(50);

  private static final Logger log = LoggerFactory.getLogger(IngestRoutes.class);
  private static final byte[] RECEIVED = bytes("{\"status\":\"received\"}");
  private static final byte[] DUPLICATE = bytes("{\"status\":\"duplicate\"}");
  // one body for every authentication failure: it must not say whether the hook exists
  private static final byte[] UNAUTHENTICATED =
      bytes("{\"error\":\"unauthenticated\",\"message\":\"the delivery could not be authenticated\"}");
  private static final byte[] TOO_LARGE =
      bytes("{\"error\":\"payload_too_large\",\"message\":\"webhook bodies are limited to 25 MB\"}");
  private static final byte[] UNSUPPORTED = bytes("{\"error\":\"unsupported_media_type\","
      + "\"message\":\"send application/json or application/x-www-form-urlencoded\"}");
  private static final byte[] UNAVAILABLE =
      bytes("{\"error\":\"unavailable\",\"message\":\"the delivery could not be stored right now; retry shortly\"}");
  private static final byte[] BUSY =
      bytes("{\"error\":\"unavailable\",\"message\":\"too many request bodies in flight; retry shortly\"}");
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
  private final ClientAddress clientAddress;
  private final BodyBudget budget = new BodyBudget(BODY_BYTES_IN_FLIGHT);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "hookkeeper-ingest-timer");
    t.setDaemon(true);
    return t;
  });

  IngestRoutes(IngestDelivery ingest, AuthFailureThrottle throttle, HttpMetrics metrics, InstantSource clock,
      ClientAddress clientAddress) {
    this.ingest = ingest;
    this.clientAddress = clientAddress;
    this.throttle = throttle;
    this.metrics = metrics;
    this.clock = clock;
    metrics.bodyBudget(budget::held, budget.max());
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v2/webhooks/github", ctx -> handle(ctx, Provider.GITHUB));
    routes.post("/api/v2/webhooks/gitlab", ctx -> handle(ctx, Provider.GITLAB));
  }

  private void handle(Context ctx, Provider provider) {
    HttpServletRequest req = ctx.req();
    IngestLog line = new IngestLog(provider, System.nanoTime());
    long declared = req.getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      // refuse before reading; closing stops the client from streaming the rest at us
      respond(ctx.header("Connection", "close"), 413, TOO_LARGE, line.outcome("too_large"));
      return;
    }
    if (!acceptableContentType(ctx.contentType())) {
      refuseBeforeTheBody(ctx, declared, () -> {
        respond(ctx, 415, UNSUPPORTED, line.outcome("unsupported_media_type"));
        return DONE;
      });
      return;
    }
    Headers headers = headersOf(req);
    line.presented(headers);
    Admission admission = ingest.admit(provider, headers);
    if (admission instanceof Admission.Refused refused) {
      refuseBeforeTheBody(ctx, declared, () -> answer(ctx, provider, remote(req), refused.result(), line));
      return;
    }
    Admission.Admitted admitted = (Admission.Admitted) admission;
    String remote = remote(req);
    // the supplier runs once the request is asynchronous: only then may the body be read without blocking
    ctx.future(() -> {
      AsyncBody body;
      try {
        body = AsyncBody.start(req, declared, MAX_BODY_BYTES, BODY_READ_BUDGET.toNanos(), budget, timer);
      } catch (IOException e) {
        unreadable(ctx, e, line);
        return DONE;
      }
      return body.result().handle((bytes, failure) -> {
        try {
          if (failure != null) {
            unreadable(ctx, unwrap(failure), line);
            return DONE;
          }
          return answer(ctx, provider, remote, ingest.ingest(admitted, bytes, remote, clock.instant()), line);
        } finally {
          body.release();
        }
      }).thenCompose(answered -> answered);
    });
  }

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /**
   * Answers a request refused on its headers alone. A body of up to {@link #DRAIN_LIMIT} is read and
   * dropped first (asynchronously, within the budget): closing a connection while its client still
   * sends can reset it before the client reads the answer. A larger one (an unknown hook that claims
   * megabytes) is not read at all: the answer closes the connection.
   */
  private void refuseBeforeTheBody(Context ctx, long declared, Supplier<CompletableFuture<Void>> answer) {
    if (declared == 0 || declared > DRAIN_LIMIT) {
      if (declared != 0) ctx.header("Connection", "close");
      CompletableFuture<Void> answered = answer.get();
      if (!answered.isDone()) ctx.future(() -> answered);
      return;
    }
    ctx.future(() -> {
      AsyncBody drained;
      try {
        drained = AsyncBody.start(ctx.req(), declared, DRAIN_LIMIT, BODY_READ_BUDGET.toNanos(), budget, timer);
      } catch (IOException e) {
        ctx.header("Connection", "close");
        return answer.get();
      }
      return drained.result().handle((bytes, failure) -> {
        drained.release();
        if (failure != null) ctx.header("Connection", "close");
        return answer.get();
      }).thenCompose(answered -> answered);
    });
  }

  /** The most a refused request's body is read (and dropped) before it is answered. */
  static final int DRAIN_LIMIT = 1024 * 1024;

  private void unreadable(Context ctx, Throwable failure, IngestLog line) {
    ctx.header("Connection", "close");
    if (failure instanceof AsyncBody.TooLarge) {
      respond(ctx, 413, TOO_LARGE, line.outcome("too_large"));
    } else if (failure instanceof AsyncBody.TooSlow) {
      respond(ctx, 408, TOO_SLOW, line.outcome("too_slow"));
    } else if (failure instanceof AsyncBody.OverBudget) {
      ctx.header("Retry-After", ErrorHandlers.RETRY_AFTER_SECONDS);
      respond(ctx, 503, BUSY, line.outcome("over_body_budget"));
    } else {
      respond(ctx, 400, UNREADABLE, line.outcome("unreadable_body").error(String.valueOf(failure)));
    }
  }

  /** Sets the answer; the future completes once it is set (an authentication failure waits for its floor). */
  private CompletableFuture<Void> answer(Context ctx, Provider provider, String remote, IngestResult result,
      IngestLog line) {
    if (result instanceof IngestResult.Unauthenticated r) return refuseUnauthenticated(ctx, provider, remote, r, line);
    if (result instanceof IngestResult.MissingHeader r) {
      respond(ctx, 400, bytes("{\"error\":\"missing_header\",\"message\":\"the " + r.header() + " header is required\"}"),
          line.outcome("missing_header"));
    } else if (result instanceof IngestResult.Unavailable r) {
      ctx.header("Retry-After", ErrorHandlers.RETRY_AFTER_SECONDS);
      respond(ctx, 503, UNAVAILABLE, line.outcome("unavailable").error(r.reason()));
    } else if (result instanceof IngestResult.Duplicate r) {
      line.delivery(r.deliveryId()).hook(r.hookId(), r.repositoryId()).outcome("duplicate");
      respond(ctx, 200, DUPLICATE, line);
    } else if (result instanceof IngestResult.Accepted r) {
      respond(ctx, 202, RECEIVED, line.delivered(r.delivery()).outcome("received"));
    } else {
      throw new AssertionError(result);
    }
    return DONE;
  }

  private CompletableFuture<Void> refuseUnauthenticated(Context ctx, Provider provider, String remote, IngestResult.Unauthenticated r,
      IngestLog line) {
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
      return DONE;
    }
    CompletableFuture<Void> later = new CompletableFuture<>();
    timer.schedule(() -> later.complete(null), remaining, TimeUnit.NANOSECONDS);
    return later.thenRun(() -> respond(ctx, status, body, line));
  }

  private void respond(Context ctx, int status, byte[] body, IngestLog line) {
    ctx.status(status).contentType("application/json").result(body);
    long nanos = System.nanoTime() - line.startNanos();
    metrics.ingest(line.provider(), line.event(), line.outcomeName(), nanos);
    line.write(log, status, nanos);
  }

  /** The sender's address, through trusted proxies: what throttling and the delivery log see. */
  private String remote(HttpServletRequest req) {
    return clientAddress.of(req.getRemoteAddr(), req.getHeader("X-Forwarded-For"));
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
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
