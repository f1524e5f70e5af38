package dev.hookkeeper.core.usecase;

import static dev.hookkeeper.core.usecase.UseCaseFixture.T0;
import static dev.hookkeeper.core.usecase.UseCaseFixture.failed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryProcessing;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.testkit.ScriptedInboundDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestDeliveryTest {
  private UseCaseFixture f = new UseCaseFixture();
  private UserId alice;

  @BeforeEach
  void alice_is_connected() {
    alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.activate();
  }

  @Test
  void a_validly_signed_delivery_is_acknowledged_once_stored_and_processed_from_the_inbox() {
    String body = f.body("workflow_run", failed(1001, T0));
    IngestResult result =
        f.ingestOnly(
            ScriptedInboundDecoder.signedHeaders(
                "workflow_run",
                "d-1",
                f.hook().providerHookId(),
                f.secretOf(f.hook()),
                body.getBytes(StandardCharsets.UTF_8)),
            body.getBytes(StandardCharsets.UTF_8));

    assertThat(result).isInstanceOf(IngestResult.Accepted.class);
    assertThat(f.stored("d-1").processing())
        .as("acknowledged: stored, nothing applied yet")
        .isEqualTo(DeliveryProcessing.RECEIVED);
    assertThat(f.stores.runs().listByRepository(f.repository().id(), PageRequest.first(10)).items())
        .isEmpty();
    f.stores.notifier().assertExhausted();

    assertThat(f.processInbox()).isEqualTo(1);

    Delivery stored = f.stored("d-1");
    assertThat(stored.status()).isEqualTo(ProcessingStatus.PROCESSED);
    assertThat(stored.processing().attempts()).isEqualTo(1);
    assertThat(stored.processing().processedAt()).isEqualTo(f.stores.clock().instant());
    assertThat(stored.event()).isEqualTo("workflow_run");
    assertThat(stored.action()).isEqualTo("completed");
    assertThat(stored.hookId()).isEqualTo(f.hook().id());
    assertThat(f.stores.runs().listByRepository(f.repository().id(), PageRequest.first(10)).items())
        .hasSize(1);
    assertThat(f.stores.notifier().drain())
        .extracting(n -> n.type())
        .containsExactly(NotificationType.WORKFLOW_RUN_UPDATED, NotificationType.INCIDENT_OPENED);
    assertThat(new String(stored.body(), StandardCharsets.UTF_8)).contains("workflow_run");
    assertThat(stored.headers().first(ScriptedInboundDecoder.DELIVERY)).contains("d-1");
    assertThat(f.hook().lastDeliveryAt()).isEqualTo(f.stores.clock().instant());
  }

  @Test
  void credentials_in_headers_are_stored_only_as_present() {
    byte[] body = f.body("workflow_run", failed(1001, T0)).getBytes(StandardCharsets.UTF_8);
    Secret secret = f.secretOf(f.hook());
    f.ingest(
        Headers.single(
            "X-Event",
            "workflow_run",
            "X-Delivery",
            "d-creds",
            "X-Hook-Id",
            f.hook().providerHookId(),
            "X-Signature",
            ScriptedInboundDecoder.sign(secret, body),
            "X-Hub-Signature-256",
            "sha256=abc",
            "Authorization",
            "Bearer token-value"),
        body);

    Headers stored =
        f.stores.deliveries().find(f.repository().id(), "d-creds").orElseThrow().headers();
    assertThat(stored.first("X-Hub-Signature-256")).contains(Headers.REDACTED);
    assertThat(stored.first("Authorization")).contains(Headers.REDACTED);
    assertThat(stored.first("X-Event")).contains("workflow_run");
  }

  @Test
  void a_wrong_signature_is_rejected_recorded_and_consumes_no_dedup_key() {
    String body = f.body("workflow_run", failed(1001, T0));

    IngestResult forged = f.deliverBody("d-1", "workflow_run", body, Secret.of("not-the-secret"));

    assertThat(forged)
        .isEqualTo(
            new IngestResult.Unauthenticated(
                "signature_mismatch", f.hook().id(), f.repository().id()));
    f.useCases.ingestDelivery().flushRejections();
    List<DeliveryEntry> log =
        f.stores.deliveries().listByRepository(f.repository().id(), PageRequest.first(10)).items();
    assertThat(log)
        .filteredOn(e -> !"ping".equals(e.event()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.signatureValid()).isFalse();
              assertThat(e.signatureReason()).isEqualTo("signature_mismatch");
              assertThat(e.status()).isEqualTo(ProcessingStatus.REJECTED);
              assertThat(e.deliveryId()).isEqualTo("d-1");
            });
    assertThat(f.stores.runs().listByRepository(f.repository().id(), PageRequest.first(10)).items())
        .isEmpty();
    f.stores.notifier().assertExhausted();
    assertThat(f.stores.deliveries().stats(f.hook().id()).rejected()).isEqualTo(1);

    // the authentic delivery with the same id still gets through
    assertThat(f.deliverBody("d-1", "workflow_run", body, f.secretOf(f.hook())))
        .isInstanceOf(IngestResult.Accepted.class);
  }

  @Test
  void a_flood_of_forgeries_keeps_twenty_rows_a_minute_per_reason_and_counts_every_one() {
    String body = f.body("workflow_run", failed(1001, T0));
    for (int i = 0; i < 500; i++)
      f.deliverBody("forged-" + i, "workflow_run", body, Secret.of("guess-" + i));
    for (int i = 0; i < 5; i++) {
      f.ingestOnly(
          Headers.single(
              "X-Event",
              "workflow_run",
              "X-Delivery",
              "unsigned-" + i,
              "X-Hook-Id",
              f.hook().providerHookId()),
          body.getBytes(StandardCharsets.UTF_8));
    }
    f.useCases.ingestDelivery().flushRejections();
    f.stores.clock().advance(java.time.Duration.ofMinutes(1));
    for (int i = 0; i < 30; i++)
      f.deliverBody("later-" + i, "workflow_run", body, Secret.of("guess-" + i));
    f.useCases.ingestDelivery().flushRejections();

    List<DeliveryEntry> kept =
        f
            .stores
            .deliveries()
            .listByRepository(f.repository().id(), PageRequest.first(200))
            .items()
            .stream()
            .filter(e -> !e.signatureValid())
            .toList();
    assertThat(kept)
        .filteredOn(e -> "signature_mismatch".equals(e.signatureReason()))
        .as("20 in each minute")
        .hasSize(40);
    assertThat(kept).filteredOn(e -> "signature_missing".equals(e.signatureReason())).hasSize(5);
    assertThat(f.stores.deliveries().stats(f.hook().id()).rejected())
        .as("every refusal, kept or not")
        .isEqualTo(535);
  }

  @Test
  void a_signed_payload_about_another_repository_is_kept_but_never_applied() {
    DomainEvent.WorkflowRunChanged elsewhere = failed(1001, T0);
    String body = "{\"repository\":{\"id\":999},\"run\":1001}";
    f.decoder.script(
        body,
        new dev.hookkeeper.core.model.DecodedEvent(
            "workflow_run",
            "completed",
            new dev.hookkeeper.core.model.ProviderRepoRef(999, "mallory/elsewhere"),
            elsewhere));

    IngestResult result = f.deliverBody("d-elsewhere", "workflow_run", body, f.secretOf(f.hook()));

    assertThat(result).isInstanceOf(IngestResult.Accepted.class);
    assertThat(f.stored("d-elsewhere").status()).isEqualTo(ProcessingStatus.FAILED);
    assertThat(f.stored("d-elsewhere").processing().error()).startsWith("repository_mismatch");
    assertThat(f.stores.runs().listByRepository(f.repository().id(), PageRequest.first(10)).items())
        .isEmpty();
    f.stores.notifier().assertExhausted();
  }

  @Test
  void a_missing_signature_is_rejected_with_its_reason() {
    byte[] body = f.body("workflow_run", failed(1001, T0)).getBytes(StandardCharsets.UTF_8);

    IngestResult result =
        f.ingest(
            Headers.single(
                "X-Event",
                "workflow_run",
                "X-Delivery",
                "d-2",
                "X-Hook-Id",
                f.hook().providerHookId()),
            body);

    assertThat(result).isInstanceOf(IngestResult.Unauthenticated.class);
    assertThat(((IngestResult.Unauthenticated) result).reason()).isEqualTo("signature_missing");
  }

  @Test
  void an_unknown_hook_is_unauthenticated_and_stores_nothing() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    IngestResult result =
        f.ingest(
            Headers.single(
                "X-Event",
                "ping",
                "X-Delivery",
                "d-3",
                "X-Hook-Id",
                "999999",
                "X-Signature",
                ScriptedInboundDecoder.sign(Secret.of("guess"), body)),
            body);

    assertThat(result).isEqualTo(new IngestResult.Unauthenticated("unknown_hook", null, null));
    assertThat(
            f.stores
                .deliveries()
                .listByRepository(f.repository().id(), PageRequest.first(10))
                .items())
        .extracting(DeliveryEntry::deliveryId)
        .doesNotContain("d-3");
  }

  @Test
  void a_request_without_the_provider_headers_is_not_a_delivery() {
    assertThat(f.ingest(Headers.single("X-Delivery", "d-4"), new byte[0]))
        .isEqualTo(new IngestResult.MissingHeader("X-Event"));
  }

  @Test
  void the_same_delivery_twice_has_one_effect() {
    assertThat(f.deliver("d-5", "workflow_run", failed(1001, T0)))
        .isInstanceOf(IngestResult.Accepted.class);
    List<?> notifications = f.stores.notifier().drain();

    IngestResult again = f.deliver("d-5", "workflow_run", failed(1001, T0));

    assertThat(again)
        .isEqualTo(new IngestResult.Duplicate("d-5", f.hook().id(), f.repository().id()));
    assertThat(notifications).hasSize(2);
    f.stores.notifier().assertExhausted();
    assertThat(f.stores.deliveries().stats(f.hook().id()).total())
        .as("the ping and this one")
        .isEqualTo(2);
  }

  @Test
  void sixteen_concurrent_copies_of_a_delivery_have_one_effect() throws Exception {
    int copies = 16;
    String body = f.body("workflow_run", failed(1001, T0));
    Secret secret = f.secretOf(f.hook());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(copies);
    List<Future<IngestResult>> results = new ArrayList<>();
    try {
      for (int i = 0; i < copies; i++) {
        Callable<IngestResult> send =
            () -> {
              start.await();
              return f.deliverBody("d-storm", "workflow_run", body, secret);
            };
        results.add(pool.submit(send));
      }
      start.countDown();
      int processed = 0;
      int duplicates = 0;
      for (Future<IngestResult> r : results) {
        IngestResult result = r.get();
        if (result instanceof IngestResult.Accepted) processed++;
        if (result instanceof IngestResult.Duplicate) duplicates++;
      }
      assertThat(processed).isEqualTo(1);
      assertThat(duplicates).isEqualTo(copies - 1);
    } finally {
      pool.shutdownNow();
    }
    f.processInbox();
    assertThat(f.stores.deliveries().stats(f.hook().id()).total())
        .as("the ping and this one")
        .isEqualTo(2);
    var incidents =
        f.useCases.listIncidents().list(alice, IncidentStatus.OPEN, PageRequest.first(10)).items();
    assertThat(incidents).singleElement().satisfies(i -> assertThat(i.occurrences()).hasSize(1));
    assertThat(f.stores.notifier().drain())
        .extracting(n -> n.type())
        .containsExactlyInAnyOrder(
            NotificationType.WORKFLOW_RUN_UPDATED, NotificationType.INCIDENT_OPENED);
  }

  @Test
  void a_replayed_body_under_a_new_delivery_id_is_stored_but_has_no_second_effect() {
    f.deliver("d-6", "workflow_run", failed(1001, T0));
    f.stores.notifier().drain();

    IngestResult replay = f.deliver("d-6-replayed", "workflow_run", failed(1001, T0));

    assertThat(replay).isInstanceOf(IngestResult.Accepted.class);
    assertThat(f.stored("d-6-replayed").status()).isEqualTo(ProcessingStatus.PROCESSED);
    assertThat(f.stores.deliveries().stats(f.hook().id()).total())
        .as("the ping, the original and the replay")
        .isEqualTo(3);
    assertThat(f.useCases.listIncidents().list(alice, null, PageRequest.first(10)).items())
        .singleElement()
        .satisfies(i -> assertThat(i.occurrences()).hasSize(1));
    f.stores.notifier().assertExhausted();
  }

  @Test
  void an_undecodable_authentic_delivery_is_stored_as_failed_for_replay() {
    byte[] body = "{not json".getBytes(StandardCharsets.UTF_8);
    Secret secret = f.secretOf(f.hook());
    Headers headers =
        Headers.single(
            "X-Event",
            "workflow_run",
            "X-Delivery",
            "d-7",
            "X-Hook-Id",
            f.hook().providerHookId(),
            "X-Signature",
            ScriptedInboundDecoder.sign(secret, body));

    IngestResult result = f.ingest(headers, body);

    assertThat(result).isInstanceOf(IngestResult.Accepted.class);
    Delivery stored = f.stored("d-7");
    assertThat(stored.status()).isEqualTo(ProcessingStatus.FAILED);
    assertThat(stored.processing().error()).startsWith("malformed payload");
    assertThat(stored.processing().attempts()).as("a malformed body is not retried").isEqualTo(1);
    assertThat(stored.body()).isEqualTo(body);
    assertThat(f.ingest(headers, body)).isInstanceOf(IngestResult.Duplicate.class);
  }

  @Test
  void a_processing_failure_is_retried_then_marked_failed_and_keeps_the_delivery() {
    f =
        new UseCaseFixture(
            ports ->
                new Ports(
                    ports.users(),
                    ports.tokens(),
                    ports.repositories(),
                    ports.hooks(),
                    ports.connections(),
                    ports.deliveries(),
                    ports.inbox(),
                    new PoisonedRunStore(ports.runs(), 1001),
                    ports.incidents(),
                    ports.notifications(),
                    ports.cleanups(),
                    ports.hookEvents(),
                    ports.reconcileSchedule(),
                    ports.notifier(),
                    ports.tx(),
                    ports.cipher(),
                    ports.secrets(),
                    ports.ids(),
                    ports.clock()));
    UserId bob = f.user("bob", AccessLevel.ADMIN);
    f.connect(bob);

    IngestResult result = f.deliver("d-8", "workflow_run", failed(1001, T0));
    IngestResult fine = f.deliver("d-8b", "workflow_run", failed(1002, T0));

    assertThat(result).isInstanceOf(IngestResult.Accepted.class);
    Delivery stored = f.stored("d-8");
    assertThat(stored.status()).isEqualTo(ProcessingStatus.FAILED);
    assertThat(stored.processing().attempts()).isEqualTo(3);
    assertThat(stored.processing().error())
        .contains("attempt 3 of 3")
        .contains("poisoned run 1001");
    assertThat(fine).isInstanceOf(IngestResult.Accepted.class);
    assertThat(f.stored("d-8b").status())
        .as("the others are not held up")
        .isEqualTo(ProcessingStatus.PROCESSED);
    assertThat(f.stores.runs().listByRepository(f.repository().id(), PageRequest.first(10)).items())
        .extracting(r -> r.snapshot().providerRunId())
        .containsExactly(1002L);
    assertThat(f.useCases.listIncidents().list(bob, null, PageRequest.first(10)).items())
        .extracting(i -> i.occurrences().get(0).providerRunId())
        .containsExactly(1002L);
  }

  @Test
  void the_previous_secret_still_verifies_after_a_rotation() {
    RepositoryHook hook = f.hook();
    Secret old = f.secretOf(hook);
    Secret fresh = Secret.of("rotated-secret-rotated-secret-rotated-secret");
    f.stores
        .hooks()
        .rotateSecret(
            hook.id(),
            f.stores.cipher().encrypt(fresh, RepositoryHook.secretContext(hook.id())),
            "unused",
            T0);

    String body = f.body("workflow_run", failed(1001, T0));
    assertThat(f.deliverBody("d-9", "workflow_run", body, old))
        .isInstanceOf(IngestResult.Accepted.class);
    assertThat(f.deliverBody("d-10", "workflow_run", body, fresh))
        .isInstanceOf(IngestResult.Accepted.class);
    assertThat(f.deliverBody("d-11", "workflow_run", body, Secret.of("neither")))
        .isInstanceOf(IngestResult.Unauthenticated.class);
  }

  @Test
  void a_new_secret_verifies_at_once_even_while_the_old_hook_is_kept_in_memory() {
    String body = f.body("workflow_run", failed(1001, T0));
    assertThat(f.deliverBody("d-20", "workflow_run", body, f.secretOf(f.hook())))
        .isInstanceOf(IngestResult.Accepted.class);
    RepositoryHook hook = f.hook();
    Secret fresh = Secret.of("another-rotated-secret-another-rotated-secret");
    f.stores
        .hooks()
        .rotateSecret(
            hook.id(),
            f.stores.cipher().encrypt(fresh, RepositoryHook.secretContext(hook.id())),
            "unused",
            T0);

    assertThat(f.deliverBody("d-21", "workflow_run", body, fresh))
        .isInstanceOf(IngestResult.Accepted.class);
  }

  @Test
  void a_delivery_to_an_inactive_hook_is_still_verified_and_stored() {
    f.deliver("meta", new DomainEvent.HookDeleted(f.hook().providerHookId()));
    assertThat(f.hook().status()).isEqualTo(HookStatus.INACTIVE);

    assertThat(f.deliver("d-12", "workflow_run", failed(1001, T0)))
        .isInstanceOf(IngestResult.Accepted.class);
    assertThat(
            f.deliverBody(
                "d-13",
                "workflow_run",
                f.body("workflow_run", failed(1002, T0)),
                Secret.of("forged")))
        .isInstanceOf(IngestResult.Unauthenticated.class);
  }

  @Test
  void a_hook_deleted_at_the_provider_becomes_inactive_and_the_users_are_told() {
    IngestResult result = f.deliver("meta", new DomainEvent.HookDeleted(f.hook().providerHookId()));

    assertThat(result).isInstanceOf(IngestResult.Accepted.class);
    assertThat(f.hook().status()).isEqualTo(HookStatus.INACTIVE);
    assertThat(f.hook().failureReason())
        .isEqualTo(dev.hookkeeper.core.model.FailureReason.HOOK_DELETED_BY_PROVIDER);
    assertThat(f.stores.notifier().takeNext().data()).containsEntry("webhook_status", "inactive");
  }

  @Test
  void a_rename_updates_the_stored_full_name_and_keeps_the_stable_id() {
    f.deliver(
        "repository",
        new DomainEvent.RepositoryRenamed(
            UseCaseFixture.REPO_ID, "octocat/Hello-Universe", "renamed"));

    assertThat(f.repository().fullName()).isEqualTo("octocat/Hello-Universe");
    assertThat(f.repository().providerRepoId()).isEqualTo(UseCaseFixture.REPO_ID);
  }

  @Test
  void an_unknown_event_is_stored_not_dropped() {
    IngestResult result = f.deliver("d-14", "star", new DomainEvent.UnknownEvent("star"));

    assertThat(result).isInstanceOf(IngestResult.Accepted.class);
    assertThat(f.stored("d-14").status()).isEqualTo(ProcessingStatus.IGNORED);
  }

  @Test
  void a_run_nobody_subscribes_to_is_stored_and_ignored() {
    // a connection the user switched off: the hook stays, but nobody wants the run
    UseCaseFixture g = new UseCaseFixture();
    UserId dora = g.user("dora", AccessLevel.ADMIN);
    g.connect(dora);
    var c = g.stores.connections().findByUserAndRepository(dora, g.repository().id()).orElseThrow();
    g.stores.connections().delete(c.id());
    g.stores
        .connections()
        .insertIfAbsent(
            new dev.hookkeeper.core.model.Connection(
                c.id(), c.userId(), c.repositoryId(), false, false, c.createdAt(), c.updatedAt()));

    IngestResult result = g.deliver("d-15", "workflow_run", failed(1001, T0));

    assertThat(result).isInstanceOf(IngestResult.Accepted.class);
    assertThat(g.stored("d-15").status()).isEqualTo(ProcessingStatus.IGNORED);
    assertThat(g.useCases.listIncidents().list(dora, null, PageRequest.first(10)).items())
        .isEmpty();
  }
}
