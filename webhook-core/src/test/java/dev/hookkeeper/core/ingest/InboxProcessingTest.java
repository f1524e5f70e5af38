package dev.hookkeeper.core.ingest;

import static dev.hookkeeper.core.usecase.UseCaseFixture.T0;
import static dev.hookkeeper.core.usecase.UseCaseFixture.failed;
import static dev.hookkeeper.core.usecase.UseCaseFixture.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.Inbox;
import dev.hookkeeper.core.testkit.ScriptedInboundDecoder;
import dev.hookkeeper.core.usecase.ReplayDelivery;
import dev.hookkeeper.core.usecase.UseCaseFixture;
import dev.hookkeeper.core.usecase.UseCases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Persist, acknowledge, process: what the inbox promises beyond a single delivery. */
class InboxProcessingTest {
  private UseCaseFixture f = new UseCaseFixture();
  private UserId alice;

  @BeforeEach
  void alice_is_connected() {
    alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.activate();
  }

  private byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private IngestResult ingestOnly(
      String deliveryId, dev.hookkeeper.core.model.DomainEvent meaning) {
    byte[] body = bytes(f.body("workflow_run", meaning));
    return f.ingestOnly(
        ScriptedInboundDecoder.signedHeaders(
            "workflow_run", deliveryId, f.hook().providerHookId(), f.secretOf(f.hook()), body),
        body);
  }

  @Test
  void deliveries_left_unprocessed_by_a_stopped_server_are_processed_when_the_next_one_starts()
      throws Exception {
    for (int i = 0; i < 20; i++)
      assertThat(ingestOnly("d-" + i, failed(2000 + i, T0)))
          .isInstanceOf(IngestResult.Accepted.class);
    f.useCases
        .close(); // the server stops (or dies) with 20 deliveries acknowledged and not processed
    assertThat(f.stores.deliveries().backlog().pending()).isEqualTo(20);

    try (UseCases restarted =
        new UseCases(
            f.stores.ports(),
            new Providers(List.of(f.racingGithub), List.of(f.decoder)),
            new HookSettings(
                Map.of(Provider.GITHUB, UseCaseFixture.URL),
                Map.of(Provider.GITHUB, UseCaseFixture.EVENTS)),
            IngestSettings.DEFAULTS,
            ProcessingSettings.DEFAULTS.withPollInterval(Duration.ofMillis(50)),
            ProcessingListener.NONE)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (f.stores.deliveries().backlog().pending() > 0 && System.nanoTime() < deadline)
        Thread.sleep(20);
    }

    assertThat(f.stores.deliveries().backlog().pending()).isZero();
    assertThat(
            f.useCases
                .listIncidents()
                .list(alice, IncidentStatus.OPEN, PageRequest.first(10))
                .items())
        .singleElement()
        .satisfies(i -> assertThat(i.occurrences()).hasSize(20));
  }

  @Test
  void a_replay_goes_through_the_same_path_and_has_no_second_effect() {
    f.deliver("d-1", "workflow_run", failed(1001, T0));
    List<?> first = f.stores.notifier().drain();

    ReplayDelivery.Result result =
        f.useCases.replayDelivery().replay(alice, f.connectionOf(alice), "d-1");
    f.processInbox();

    assertThat(result).isEqualTo(ReplayDelivery.Result.QUEUED);
    assertThat(first).hasSize(2);
    f.stores.notifier().assertExhausted();
    var stored = f.stored("d-1");
    assertThat(stored.status()).isEqualTo(ProcessingStatus.PROCESSED);
    assertThat(stored.processing().replays()).isEqualTo(1);
    assertThat(stored.processing().replayedAt()).isEqualTo(f.stores.clock().instant());
    assertThat(f.useCases.listIncidents().list(alice, null, PageRequest.first(10)).items())
        .singleElement()
        .satisfies(i -> assertThat(i.occurrences()).hasSize(1));
  }

  @Test
  void a_replay_is_refused_for_another_users_repository_an_unknown_delivery_and_a_purged_body() {
    f.deliver("d-1", "workflow_run", failed(1001, T0));
    UserId mallory = f.user("mallory", AccessLevel.READ);

    assertThat(f.useCases.replayDelivery().replay(mallory, f.connectionOf(alice), "d-1"))
        .isEqualTo(ReplayDelivery.Result.REPOSITORY_NOT_FOUND);
    assertThat(f.useCases.replayDelivery().replay(alice, f.connectionOf(alice), "nope"))
        .isEqualTo(ReplayDelivery.Result.DELIVERY_NOT_FOUND);
    f.stores.clock().advance(Duration.ofDays(31));
    f.useCases.applyRetention().apply(dev.hookkeeper.core.usecase.RetentionPolicy.DEFAULTS);
    assertThat(f.useCases.replayDelivery().replay(alice, f.connectionOf(alice), "d-1"))
        .isEqualTo(ReplayDelivery.Result.BODY_PURGED);
  }

  @Test
  void replaying_every_failed_delivery_after_a_fix_applies_them() {
    String body = "{\"late\":true}";
    byte[] bytes = bytes(body);
    Headers headers =
        ScriptedInboundDecoder.signedHeaders(
            "workflow_run", "d-late", f.hook().providerHookId(), f.secretOf(f.hook()), bytes);
    f.ingest(headers, bytes); // the decoder does not know this body yet: failed
    assertThat(f.stored("d-late").status()).isEqualTo(ProcessingStatus.FAILED);
    f.decoder.script(
        body,
        new dev.hookkeeper.core.model.DecodedEvent(
            "workflow_run", "completed", null, failed(1500, T0))); // the fix

    var queued =
        f.useCases
            .replayDeliveries()
            .replay(
                alice,
                f.connectionOf(alice),
                new Inbox.ReplayFilter(ProcessingStatus.FAILED, null));
    f.processInbox();

    assertThat(queued).hasValue(1);
    assertThat(f.stored("d-late").status()).isEqualTo(ProcessingStatus.PROCESSED);
    assertThat(f.stores.notifier().drain())
        .extracting(n -> n.type())
        .contains(NotificationType.INCIDENT_OPENED);
    assertThat(
            f.useCases
                .replayDeliveries()
                .replay(
                    f.user("eve", AccessLevel.READ),
                    f.connectionOf(alice),
                    new Inbox.ReplayFilter(null, null)))
        .isEmpty();
  }

  @Test
  void effects_are_the_same_whatever_order_a_run_is_applied_in_and_however_often() {
    f.deliver("ok", "workflow_run", succeeded(1001, T0.plusSeconds(60)));
    f.deliver("late-failure", "workflow_run", failed(1001, T0));
    f.deliver("ok-again", "workflow_run", succeeded(1001, T0.plusSeconds(60)));

    assertThat(
            f.useCases
                .listIncidents()
                .list(alice, IncidentStatus.OPEN, PageRequest.first(10))
                .items())
        .as("an older state of the run is stale")
        .isEmpty();
  }

  @Test
  void a_hung_store_is_answered_unavailable_in_time_and_fast_while_it_stays_hung()
      throws Exception {
    HungInbox[] inbox = new HungInbox[1];
    f =
        new UseCaseFixture(
            p -> {
              inbox[0] = new HungInbox(p.inbox());
              return withInbox(p, inbox[0]);
            },
            IngestSettings.DEFAULTS.withAnswerWithin(Duration.ofMillis(1500)));
    alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.activate();
    inbox[0].hang();

    long start = System.nanoTime();
    IngestResult first = ingestOnly("d-hung", failed(1001, T0));
    long firstMillis = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    IngestResult next = ingestOnly("d-next", failed(1002, T0));
    long nextMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(first).isInstanceOf(IngestResult.Unavailable.class);
    assertThat(firstMillis)
        .as("answered by its deadline, not after the store")
        .isBetween(1_000L, 10_000L);
    assertThat(next).isEqualTo(new IngestResult.Unavailable("store_down"));
    assertThat(nextMillis).as("refused at once while the store is known down").isLessThan(1_000L);

    inbox[0].resume();
    IngestResult back = retryUntilAccepted("d-back");
    assertThat(back).isInstanceOf(IngestResult.Accepted.class);
  }

  @Test
  void a_hook_lookup_on_a_hung_store_is_answered_unavailable_by_the_answer_time() throws Exception {
    java.util.concurrent.CountDownLatch hung = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean hanging =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger reads =
        new java.util.concurrent.atomic.AtomicInteger();
    f =
        new UseCaseFixture(
            p -> withHooks(p, hangingLookups(p.hooks(), hanging, hung, reads)),
            IngestSettings.DEFAULTS
                .withAnswerWithin(Duration.ofMillis(1500))
                .withHookCacheTtl(Duration.ZERO));
    alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.activate();
    hanging.set(true); // the database hangs: every hook read now waits for it
    try {
      long start = System.nanoTime();
      List<CompletableFuture<IngestResult>> callers = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String id = "d-hung-lookup-" + i;
        callers.add(CompletableFuture.supplyAsync(() -> ingestOnly(id, failed(1001, T0))));
      }
      for (CompletableFuture<IngestResult> c : callers) {
        assertThat(c.get(10, TimeUnit.SECONDS))
            .isEqualTo(new IngestResult.Unavailable("StoreUnavailableException"));
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(millis).as("answered by the answer time, not after the store").isLessThan(5_000L);
      assertThat(reads.get())
          .as("callers of one hook share one read of the hung store")
          .isEqualTo(1);
    } finally {
      hanging.set(false);
      hung.countDown();
    }
    assertThat(retryUntilAccepted("d-after-lookup-hang")).isInstanceOf(IngestResult.Accepted.class);
  }

  /**
   * The hook store, whose reads by provider hook id wait for {@code hung} while {@code hanging}.
   */
  private static dev.hookkeeper.core.port.HookStore hangingLookups(
      dev.hookkeeper.core.port.HookStore real,
      java.util.concurrent.atomic.AtomicBoolean hanging,
      java.util.concurrent.CountDownLatch hung,
      java.util.concurrent.atomic.AtomicInteger reads) {
    return (dev.hookkeeper.core.port.HookStore)
        java.lang.reflect.Proxy.newProxyInstance(
            dev.hookkeeper.core.port.HookStore.class.getClassLoader(),
            new Class<?>[] {dev.hookkeeper.core.port.HookStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("findByProviderHookId") && hanging.get()) {
                reads.incrementAndGet();
                hung.await(60, TimeUnit.SECONDS);
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  static Ports withHooks(Ports p, dev.hookkeeper.core.port.HookStore hooks) {
    return new Ports(
        p.users(),
        p.tokens(),
        p.repositories(),
        hooks,
        p.connections(),
        p.deliveries(),
        p.inbox(),
        p.runs(),
        p.incidents(),
        p.notifications(),
        p.cleanups(),
        p.hookEvents(),
        p.reconcileSchedule(),
        p.notifier(),
        p.tx(),
        p.cipher(),
        p.secrets(),
        p.ids(),
        p.clock());
  }

  @Test
  void a_store_that_is_down_refuses_without_storing_then_recovers_by_itself() throws Exception {
    HungInbox[] inbox = new HungInbox[1];
    f =
        new UseCaseFixture(
            p -> {
              inbox[0] = new HungInbox(p.inbox());
              return withInbox(p, inbox[0]);
            });
    alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.activate();
    inbox[0].down(true);

    assertThat(ingestOnly("d-down", failed(1001, T0))).isInstanceOf(IngestResult.Unavailable.class);
    assertThat(f.stores.deliveries().find(f.repository().id(), "d-down")).isEmpty();

    inbox[0].down(false);
    assertThat(retryUntilAccepted("d-down")).isInstanceOf(IngestResult.Accepted.class);
  }

  @Test
  void a_delivery_queued_past_its_answer_time_is_refused_unstored() throws Exception {
    HungInbox[] inbox = new HungInbox[1];
    f =
        new UseCaseFixture(
            p -> {
              inbox[0] = new HungInbox(p.inbox());
              return withInbox(p, inbox[0]);
            },
            IngestSettings.DEFAULTS.withAppendWriters(1).withAnswerWithin(Duration.ofMillis(1200)));
    alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.activate();
    inbox[0].hang();
    CompletableFuture<IngestResult> blocker =
        CompletableFuture.supplyAsync(() -> ingestOnly("d-blocker", failed(1, T0)));
    Thread.sleep(200); // the one writer is now stuck in the blocker's append
    CompletableFuture<IngestResult> queued =
        CompletableFuture.supplyAsync(() -> ingestOnly("d-queued", failed(2, T0)));

    assertThat(queued.get(30, TimeUnit.SECONDS)).isInstanceOf(IngestResult.Unavailable.class);
    inbox[0].resume();
    blocker.get(30, TimeUnit.SECONDS);
    Thread.sleep(300);
    assertThat(f.stores.deliveries().find(f.repository().id(), "d-queued"))
        .as("the writer never stores what its caller already gave up on")
        .isEmpty();
  }

  @Test
  void an_unknown_hook_or_a_missing_header_is_judged_from_the_headers_alone() {
    assertThat(
            f.useCases.ingestDelivery().admit(Provider.GITHUB, Headers.single("X-Delivery", "d")))
        .isEqualTo(new Admission.Refused(new IngestResult.MissingHeader("X-Event")));
    assertThat(
            f.useCases
                .ingestDelivery()
                .admit(
                    Provider.GITHUB,
                    Headers.single("X-Event", "push", "X-Delivery", "d", "X-Hook-Id", "424242")))
        .isEqualTo(
            new Admission.Refused(new IngestResult.Unauthenticated("unknown_hook", null, null)));
    assertThat(
            f.useCases
                .ingestDelivery()
                .admit(
                    Provider.GITHUB,
                    Headers.single(
                        "X-Event",
                        "push",
                        "X-Delivery",
                        "d",
                        "X-Hook-Id",
                        f.hook().providerHookId())))
        .isInstanceOf(Admission.Admitted.class);
    assertThatThrownBy(() -> f.useCases.ingestDelivery().admit(Provider.GITLAB, Headers.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private IngestResult retryUntilAccepted(String deliveryId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    IngestResult result;
    do {
      Thread.sleep(150);
      result = ingestOnly(deliveryId, failed(3000, T0));
    } while (!(result instanceof IngestResult.Accepted) && System.nanoTime() < deadline);
    return result;
  }

  static Ports withInbox(Ports p, Inbox inbox) {
    return new Ports(
        p.users(),
        p.tokens(),
        p.repositories(),
        p.hooks(),
        p.connections(),
        p.deliveries(),
        inbox,
        p.runs(),
        p.incidents(),
        p.notifications(),
        p.cleanups(),
        p.hookEvents(),
        p.reconcileSchedule(),
        p.notifier(),
        p.tx(),
        p.cipher(),
        p.secrets(),
        p.ids(),
        p.clock());
  }
}
