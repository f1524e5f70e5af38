package dev.hookkeeper.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryFilter;
import dev.hookkeeper.core.model.DeliveryStats;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.ConnectionDetails;
import dev.hookkeeper.core.usecase.DisconnectRepository;
import dev.hookkeeper.core.usecase.HookStatusView;
import dev.hookkeeper.core.usecase.ReplayDelivery;
import dev.hookkeeper.core.usecase.RetryHookCreation;
import dev.hookkeeper.core.usecase.SignInUseCases;
import dev.hookkeeper.core.usecase.UseCases;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connected repository's pages: hook health ("Retry" when creation failed), "Disconnect" behind a
 * confirmation page, the delivery log (paged, filtered by status and event; a rejected attempt
 * shows why) and one delivery (headers redacted, body pretty-printed, "Replay" while the body is
 * kept). Another user's id is the same 404 as a missing one.
 */
final class RepositoryPages {
  static final int LOG_PAGE = 25;

  /** Audit-trail events shown with the hook's health. */
  static final int TRAIL_LINES = 8;

  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final List<String> STATUSES =
      Arrays.stream(ProcessingStatus.values()).map(ProcessingStatus::wireName).toList();
  private static final Logger log = LoggerFactory.getLogger(RepositoryPages.class);

  private final PageSupport pages;
  private final UseCases useCases;
  private final SignInUseCases signIn;

  RepositoryPages(PageSupport pages, UseCases useCases, SignInUseCases signIn) {
    this.pages = pages;
    this.useCases = useCases;
    this.signIn = signIn;
  }

  void register(RoutesConfig routes) {
    routes.get("/repositories/{id}", pages.safe(this::show));
    routes.post("/repositories/{id}/retry", pages.safe(this::retry));
    routes.get("/repositories/{id}/disconnect", pages.safe(this::confirmDisconnect));
    routes.post("/repositories/{id}/disconnect", pages.safe(this::disconnect));
    routes.get("/repositories/{id}/deliveries/{delivery_id}", pages.safe(this::delivery));
    routes.post("/repositories/{id}/deliveries/{delivery_id}/replay", pages.safe(this::replay));
  }

  private void show(Context ctx) {
    User user = pages.user(ctx);
    ConnectionDetails details = details(user, ctx);
    ConnectionId id = details.connection().id();
    RepositoryView.Health health = health(ctx, user, details);
    if ("live".equals(ctx.queryParam("fragment"))) {
      pages.templates.page(ctx, 200, "repository_health.jte", health);
      return;
    }
    String status = ctx.queryParam("status") == null ? "" : ctx.queryParam("status");
    ProcessingStatus wanted =
        STATUSES.contains(status)
            ? ProcessingStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT))
            : null;
    String event = ctx.queryParam("event") == null ? "" : ctx.queryParam("event").strip();
    if (event.length() > 100) event = event.substring(0, 100);
    String cursor = ctx.queryParam("cursor");
    Page<DeliveryEntry> page;
    try {
      page =
          useCases
              .listDeliveries()
              .list(
                  user.id(),
                  id,
                  new DeliveryFilter(wanted, event),
                  new PageRequest(
                      cursor == null || cursor.isBlank() || cursor.length() > 512 ? null : cursor,
                      LOG_PAGE))
              .orElseThrow(() -> PageError.notFound("repository"));
    } catch (IllegalArgumentException e) {
      throw new PageRedirect("/repositories/" + id.value()); // a cursor from elsewhere: start over
    }
    Instant now = pages.clock.instant();
    List<RepositoryView.Entry> entries = new ArrayList<>();
    for (DeliveryEntry e : page.items()) {
      String why =
          e.signatureReason() != null
              ? e.signatureReason().replace('_', ' ')
              : e.processing().error() == null ? "" : e.processing().error();
      String href =
          e.signatureValid() && e.deliveryId() != null
              ? "/repositories/" + id.value() + "/deliveries/" + enc(e.deliveryId())
              : "";
      entries.add(
          new RepositoryView.Entry(
              e.deliveryId() == null ? "(none)" : e.deliveryId(),
              e.event() == null ? "(none)" : e.event(),
              e.action() == null ? "" : e.action(),
              StatusLabel.of(e.status().wireName()),
              why,
              Times.shortTime(e.receivedAt(), now),
              Times.iso(e.receivedAt()),
              href));
    }
    String next =
        page.nextCursor() == null
            ? ""
            : "/repositories/"
                + id.value()
                + "?status="
                + enc(status)
                + "&event="
                + enc(event)
                + "&cursor="
                + enc(page.nextCursor());
    RepositoryView.Log logView =
        new RepositoryView.Log(
            entries,
            wanted == null ? "" : status,
            event,
            STATUSES,
            next,
            wanted != null || !event.isEmpty());
    pages.templates.page(
        ctx,
        200,
        "repository.jte",
        new RepositoryView(
            pages.chrome(ctx, details.repository().fullName(), ""),
            id.value(),
            details.repository().fullName(),
            PageSupport.providerName(details.repository().provider()),
            health,
            logView));
  }

  private RepositoryView.Health health(Context ctx, User user, ConnectionDetails details) {
    ConnectionId id = details.connection().id();
    RepositoryHook hook = details.hook();
    DeliveryStats stats =
        useCases
            .getHookStatus()
            .status(user.id(), id)
            .map(HookStatusView::stats)
            .orElse(DeliveryStats.NONE);
    Instant last =
        stats.lastDeliveryAt() != null
            ? stats.lastDeliveryAt()
            : hook == null ? null : hook.lastDeliveryAt();
    String status = hook == null ? "deleted" : hook.status().wireName();
    return new RepositoryView.Health(
        id.value(),
        StatusLabel.of(status),
        problem(hook),
        "failed".equals(status),
        hook == null ? "" : String.join(", ", hook.events()),
        hook == null || hook.providerHookId() == null ? "" : hook.providerHookId(),
        Times.shortTime(last, pages.clock.instant()),
        Times.iso(last),
        stats.total(),
        stats.pending(),
        stats.failed(),
        stats.rejected(),
        pages.sessions.csrfToken(ctx),
        trail(user, id));
  }

  /** The hook's latest audit-trail events, newest first. */
  private List<RepositoryView.TrailLine> trail(User user, ConnectionId id) {
    Instant now = pages.clock.instant();
    return useCases
        .listHookEvents()
        .list(user.id(), id, PageRequest.first(TRAIL_LINES))
        .map(Page::items)
        .orElse(List.of())
        .stream()
        .map(
            e ->
                new RepositoryView.TrailLine(
                    Times.shortTime(e.at(), now),
                    Times.iso(e.at()),
                    TrailWords.of(e.kind()),
                    e.detail()))
        .toList();
  }

  /** Why a hook is not working, in words; {@code ""} when it is. */
  static String problem(RepositoryHook hook) {
    return HookProblem.of(hook);
  }

  private void retry(Context ctx) {
    User user = pages.user(ctx);
    pages.requireCsrf(ctx);
    ConnectionDetails details = details(user, ctx);
    signIn.renewProviderToken().renew(user.id(), details.repository().provider(), false);
    RetryHookCreation.Result result =
        useCases.retryHookCreation().retry(user.id(), details.connection().id());
    if (result instanceof RetryHookCreation.Result.NotFound) throw PageError.notFound("repository");
    if (result instanceof RetryHookCreation.Result.TokenMissing) {
      throw new PageError(
          422,
          "Cannot retry",
          "Hookkeeper holds no "
              + PageSupport.providerName(details.repository().provider())
              + " token for you.",
          "/repositories/" + details.connection().id().value(),
          "Back to the repository");
    }
    throw new PageRedirect("/repositories/" + details.connection().id().value());
  }

  private void confirmDisconnect(Context ctx) {
    User user = pages.user(ctx);
    ConnectionDetails details = details(user, ctx);
    pages.templates.page(
        ctx,
        200,
        "disconnect.jte",
        new DisconnectView(
            pages.chrome(ctx, "Disconnect " + details.repository().fullName(), ""),
            details.connection().id().value(),
            details.repository().fullName(),
            PageSupport.providerName(details.repository().provider())));
  }

  private void disconnect(Context ctx) {
    User user = pages.user(ctx);
    pages.requireCsrf(ctx);
    ConnectionDetails details = details(user, ctx);
    signIn.renewProviderToken().renew(user.id(), details.repository().provider(), false);
    DisconnectRepository.Result result =
        useCases.disconnectRepository().disconnect(user.id(), details.connection().id());
    if (result instanceof DisconnectRepository.Result.Disconnected d) {
      log.atInfo()
          .addKeyValue("user_id", user.id().value())
          .addKeyValue("connection_id", details.connection().id().value())
          .addKeyValue("webhook_deleted", d.hookDeleted())
          .log("repository disconnected from the page");
      pages.templates.page(
          ctx,
          200,
          "message.jte",
          new MessageView(
              pages.chrome(ctx, "Disconnected", ""),
              "Disconnected " + details.repository().fullName(),
              d.message(),
              "/",
              "Back to the dashboard"));
    } else if (result instanceof DisconnectRepository.Result.NotFound) {
      throw PageError.notFound("repository");
    } else {
      throw new AssertionError(result);
    }
  }

  private void delivery(Context ctx) {
    User user = pages.user(ctx);
    ConnectionDetails details = details(user, ctx);
    String deliveryId = PageSupport.id(ctx, "delivery_id", "delivery");
    Delivery d =
        useCases
            .getDelivery()
            .get(user.id(), details.connection().id(), deliveryId)
            .orElseThrow(() -> PageError.notFound("delivery"));
    List<DeliveryView.Header> headers = new ArrayList<>();
    for (Map.Entry<String, List<String>> h : d.headers().withoutCredentials().asMap().entrySet()) {
      headers.add(new DeliveryView.Header(h.getKey(), String.join(", ", h.getValue())));
    }
    String notice =
        ctx.queryParam("replayed") != null
            ? "Queued for processing again; its status below changes once it is processed."
            : "";
    pages.templates.page(
        ctx,
        200,
        "delivery.jte",
        new DeliveryView(
            pages.chrome(ctx, "Delivery " + d.deliveryId(), ""),
            details.connection().id().value(),
            details.repository().fullName(),
            d.deliveryId(),
            d.event(),
            d.action() == null ? "" : d.action(),
            StatusLabel.of(d.status().wireName()),
            d.processing().error() == null ? "" : d.processing().error(),
            d.processing().attempts(),
            Times.full(d.receivedAt()),
            Times.full(d.processing().processedAt()),
            d.processing().replays(),
            headers,
            d.bodyPurged() ? "" : pretty(d.body()),
            d.bodyPurged(),
            notice));
  }

  private void replay(Context ctx) {
    User user = pages.user(ctx);
    pages.requireCsrf(ctx);
    ConnectionDetails details = details(user, ctx);
    String deliveryId = PageSupport.id(ctx, "delivery_id", "delivery");
    String page =
        "/repositories/" + details.connection().id().value() + "/deliveries/" + enc(deliveryId);
    ReplayDelivery.Result result =
        useCases.replayDelivery().replay(user.id(), details.connection().id(), deliveryId);
    if (result == ReplayDelivery.Result.QUEUED) throw new PageRedirect(page + "?replayed");
    if (result == ReplayDelivery.Result.BODY_PURGED) {
      throw new PageError(
          409,
          "Cannot replay",
          "Its body was removed by the retention policy, so it cannot be processed"
              + " again (body_purged).",
          page,
          "Back to the delivery");
    }
    throw PageError.notFound(
        result == ReplayDelivery.Result.DELIVERY_NOT_FOUND ? "delivery" : "repository");
  }

  private ConnectionDetails details(User user, Context ctx) {
    return useCases
        .getConnection()
        .get(user.id(), new ConnectionId(PageSupport.id(ctx, "id", "repository")))
        .orElseThrow(() -> PageError.notFound("repository"));
  }

  /** JSON indented; anything else (a form-encoded GitHub body) as received. */
  static String pretty(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      JsonNode node = PRETTY.readTree(body);
      return node == null || node.isMissingNode() ? text : PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return text;
    } catch (java.io.IOException e) {
      return text;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
