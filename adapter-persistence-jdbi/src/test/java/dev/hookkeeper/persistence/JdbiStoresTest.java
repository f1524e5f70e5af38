package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationDraft;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunRef;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.IncidentStore;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.WorkflowRunStore.UpsertOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour specific to the SQL (upsert rules, partial indexes, keyset paging, JSON columns). */
class JdbiStoresTest {

  private static HikariDataSource dataSource;
  private static PersistenceModule stores;
  private static SecretCipher cipher;
  private Fixtures fx;
  private User user;
  private Repository repo;
  private RepositoryHook hook;

  @BeforeAll
  static void database() {
    dataSource = TestPostgres.migratedDatabase();
    cipher = TestCipher.random();
    stores = PersistenceModule.create(dataSource, cipher);
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @BeforeEach
  void parents() {
    fx = new Fixtures(stores);
    user = fx.user();
    repo = fx.repository();
    hook = fx.hook(repo, user, cipher, Secret.of("secret-" + Fixtures.next()));
  }

  @Test
  void run_upsert_implements_supersedes_exactly() {
    var runs = stores.workflowRuns();
    long id = Fixtures.next();
    WorkflowRun inProgress = run(id, RunStatus.IN_PROGRESS, RunConclusion.NONE, 10);
    WorkflowRun completed = run(id, RunStatus.COMPLETED, RunConclusion.FAILURE, 20);

    assertThat(runs.upsert(inProgress)).isEqualTo(UpsertOutcome.INSERTED);
    assertThat(runs.upsert(inProgress)).isEqualTo(UpsertOutcome.STALE);
    assertThat(runs.upsert(completed)).isEqualTo(UpsertOutcome.UPDATED);
    // higher rank wins even with an older timestamp the other way round: in_progress after completed is stale
    assertThat(runs.upsert(run(id, RunStatus.IN_PROGRESS, RunConclusion.NONE, 99))).isEqualTo(UpsertOutcome.STALE);
    assertThat(runs.upsert(run(id, RunStatus.COMPLETED, RunConclusion.SUCCESS, 20))).isEqualTo(UpsertOutcome.STALE);
    assertThat(runs.upsert(run(id, RunStatus.COMPLETED, RunConclusion.SUCCESS, 21))).isEqualTo(UpsertOutcome.UPDATED);
    assertThat(runs.find(repo.id(), id, 1).orElseThrow().snapshot().conclusion()).isEqualTo(RunConclusion.SUCCESS);
    assertThat(runs.find(repo.id(), id, 1).orElseThrow().snapshot().pullRequests()).containsExactly(3L);
  }

  @Test
  void runs_and_jobs_page_newest_first() {
    var runs = stores.workflowRuns();
    long base = Fixtures.next() * 100;
    for (int i = 0; i < 5; i++) {
      RunSnapshot s = Fixtures.run(base + i, RunStatus.QUEUED, RunConclusion.NONE, Fixtures.at(i));
      RunSnapshot created = new RunSnapshot(s.providerRunId(), 1, s.workflowKey(), s.workflowName(), s.runNumber(),
          s.branch(), s.sha(), s.status(), s.conclusion(), s.url(), s.triggerEvent(), Fixtures.at(i), s.updatedAt(),
          List.of());
      runs.upsert(new WorkflowRun(repo.id(), Provider.GITHUB, created, Fixtures.T0));
    }
    List<Long> seen = new ArrayList<>();
    PageRequest page = PageRequest.first(2);
    while (true) {
      Page<WorkflowRun> p = runs.listByRepository(repo.id(), page);
      p.items().forEach(r -> seen.add(r.snapshot().providerRunId()));
      if (p.nextCursor() == null) break;
      page = new PageRequest(p.nextCursor(), 2);
    }
    assertThat(seen).containsExactly(base + 4, base + 3, base + 2, base + 1, base);

    JobResult queued = new JobResult(1, base, 1, "build", RunStatus.QUEUED, RunConclusion.NONE, null, List.of(), "u", null);
    JobResult failed = new JobResult(1, base, 1, "build", RunStatus.COMPLETED, RunConclusion.FAILURE, null,
        List.of("Run tests"), "u", Fixtures.at(5));
    runs.upsertJob(repo.id(), queued);
    runs.upsertJob(repo.id(), failed);
    runs.upsertJob(repo.id(), queued);
    assertThat(runs.jobs(repo.id(), base, 1)).containsExactly(failed);
  }

  @Test
  void incidents_open_once_add_occurrences_and_resolve_only_on_a_newer_run() {
    Connection conn = fx.connection(user, repo);
    IncidentStore incidents = stores.incidents();
    RunSnapshot first = Fixtures.run(Fixtures.next(), RunStatus.COMPLETED, RunConclusion.FAILURE, Fixtures.at(1));

    var opened = incidents.recordFailure(failure(conn, "inc_a" + Fixtures.next(), first));
    var again = incidents.recordFailure(failure(conn, "inc_b" + Fixtures.next(), first));
    RunSnapshot second = numbered(Fixtures.run(Fixtures.next(), RunStatus.COMPLETED, RunConclusion.FAILURE,
        Fixtures.at(3)), 9, Fixtures.at(3));
    var added = incidents.recordFailure(failure(conn, "inc_c" + Fixtures.next(), second));

    assertThat(opened.outcome()).isEqualTo(IncidentStore.Outcome.OPENED);
    assertThat(again.outcome()).isEqualTo(IncidentStore.Outcome.ALREADY_RECORDED);
    assertThat(added.outcome()).isEqualTo(IncidentStore.Outcome.OCCURRENCE_ADDED);
    assertThat(added.incident().id()).isEqualTo(opened.incident().id());
    assertThat(added.incident().occurrences()).extracting(IncidentOccurrence::providerRunId)
        .containsExactly(first.providerRunId(), second.providerRunId());

    RunRef oldSuccess = new RunRef(1, 1, 8, "u", Fixtures.at(2));
    assertThat(incidents.resolve(conn.id(), "wf_1", "main", oldSuccess, Fixtures.at(10))).isEmpty();
    RunRef newSuccess = new RunRef(2, 1, 10, "u", Fixtures.at(4));
    var resolved = incidents.resolve(conn.id(), "wf_1", "main", newSuccess, Fixtures.at(11)).orElseThrow();
    assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(resolved.resolvedBy()).isEqualTo(newSuccess);

    var reopened = incidents.recordFailure(failure(conn, "inc_d" + Fixtures.next(),
        numbered(Fixtures.run(Fixtures.next(), RunStatus.COMPLETED, RunConclusion.FAILURE, Fixtures.at(6)),
            11, Fixtures.at(6))));
    assertThat(reopened.outcome()).isEqualTo(IncidentStore.Outcome.OPENED);
    assertThat(incidents.listByUser(user.id(), IncidentStatus.OPEN, PageRequest.first(10)).items())
        .extracting(i -> i.id()).containsExactly(reopened.incident().id());
    assertThat(incidents.listByUser(user.id(), null, PageRequest.first(10)).items()).hasSize(2);
    assertThat(incidents.find(fx.user().id(), reopened.incident().id())).isEmpty();
  }

  @Test
  void notifications_number_per_user_and_keep_their_json_data() {
    User other = fx.user();
    var store = stores.notifications();
    Map<String, Object> data = Map.of("repository", "octo/repo", "run", 42L, "ok", true, "prs", List.of(1L, 2L));
    Notification n1 = store.append(new NotificationDraft(user.id(), NotificationType.INCIDENT_OPENED, data, Fixtures.T0));
    Notification o1 = store.append(new NotificationDraft(other.id(), NotificationType.INCIDENT_OPENED, data, Fixtures.T0));
    Notification n2 = store.append(new NotificationDraft(user.id(), NotificationType.INCIDENT_RESOLVED, Map.of(), Fixtures.T0));

    assertThat(List.of(n1.id(), n2.id(), o1.id())).containsExactly(1L, 2L, 1L);
    assertThat(store.listAfter(user.id(), 0, 10)).containsExactly(n1, n2);
    assertThat(store.listAfter(user.id(), 1, 10)).containsExactly(n2);
  }

  @Test
  void delivery_log_keeps_bytes_redacts_credentials_lists_both_kinds_and_purges_bodies() {
    byte[] body = "{\"zen\":\"Keep it logically awesome.\",\"n\":1.50}".getBytes();
    Delivery d = Fixtures.delivery(hook, "guid-" + Fixtures.next(), body, Fixtures.at(1));
    assertThat(Fixtures.append(stores, d)).isTrue();
    assertThat(Fixtures.append(stores, Fixtures.delivery(hook, d.deliveryId(), body, Fixtures.at(2)))).isFalse();
    for (int i = 0; i < 2; i++) {
      // rejected attempts may repeat the authentic delivery id: they take no dedup key
      stores.deliveries().insertRejected(java.util.List.of(new RejectedDelivery("dlv_r" + Fixtures.next(), Provider.GITHUB, hook.id(),
          repo.id(), d.deliveryId(), "workflow_run", "signature_mismatch",
          Headers.single("X-Hub-Signature-256", "sha256=forged"), 10, "ab".repeat(32), "203.0.113.9", Fixtures.at(3 + i))));
    }

    Delivery stored = stores.deliveries().find(repo.id(), d.deliveryId()).orElseThrow();
    assertThat(stored.body()).isEqualTo(body);
    assertThat(stored.headers().first("x-hub-signature-256")).contains(Headers.REDACTED);
    assertThat(stored.headers().first("x-github-delivery")).contains(d.deliveryId());
    List<DeliveryEntry> entries = stores.deliveries().listByRepository(repo.id(), PageRequest.first(10)).items();
    assertThat(entries).extracting(DeliveryEntry::signatureValid).containsExactly(false, false, true);
    var stats = stores.deliveries().stats(hook.id());
    assertThat(stats.total()).isEqualTo(1);
    assertThat(stats.failed()).isZero();
    assertThat(stats.lastDeliveryAt()).isEqualTo(Fixtures.at(1));

    assertThat(stores.deliveries().purgeBodiesBefore(Fixtures.at(2), 1000)).isGreaterThanOrEqualTo(1);
    assertThat(stores.deliveries().find(repo.id(), d.deliveryId()).orElseThrow().body()).isEmpty();
    assertThat(stores.deliveries().listByRepository(repo.id(), PageRequest.first(10)).items()).hasSize(3);
  }

  @Test
  void hook_status_changes_are_reported_and_last_delivery_never_moves_back() {
    var hooks = stores.hooks();
    assertThat(hooks.insertIfAbsent(hook)).isFalse();
    assertThat(hooks.updateStatus(hook.id(), HookStatus.ACTIVE, null, null, Fixtures.at(1))).isTrue();
    assertThat(hooks.updateStatus(hook.id(), HookStatus.ACTIVE, null, null, Fixtures.at(2))).isFalse();
    assertThat(hooks.updateStatus(hook.id(), HookStatus.INACTIVE, FailureReason.HOOK_DELETED_BY_PROVIDER, "gone",
        Fixtures.at(3))).isTrue();
    hooks.markDelivered(hook.id(), Fixtures.at(9));
    hooks.markDelivered(hook.id(), Fixtures.at(5));
    RepositoryHook stored = hooks.findByProviderHookId(Provider.GITHUB, hook.providerHookId()).orElseThrow();
    assertThat(stored.lastDeliveryAt()).isEqualTo(Fixtures.at(9));
    assertThat(stored.failureReason()).isEqualTo(FailureReason.HOOK_DELETED_BY_PROVIDER);
    assertThat(hooks.findByTokenHash(Provider.GITHUB, hook.tokenLookupHash())).contains(stored);
    assertThat(cipher.decrypt(stored.secret(), RepositoryHook.secretContext(hook.id())).reveal()).startsWith("secret-");
  }

  @Test
  void cleanups_come_due_in_order_and_can_be_rescheduled() {
    var queue = stores.hookCleanups();
    HookCleanup later = cleanup("cl_b" + Fixtures.next(), Fixtures.at(50));
    HookCleanup sooner = cleanup("cl_a" + Fixtures.next(), Fixtures.at(40));
    queue.enqueue(later);
    queue.enqueue(sooner);
    assertThat(queue.due(Fixtures.at(45), 10)).containsExactly(sooner);
    queue.reschedule(sooner.id(), 1, Fixtures.at(60), "provider_unavailable");
    assertThat(queue.due(Fixtures.at(100), 10)).extracting(HookCleanup::id).containsExactly(later.id(), sooner.id());
    queue.complete(later.id());
    assertThat(queue.due(Fixtures.at(100), 10)).singleElement()
        .satisfies(c -> assertThat(c.lastError()).isEqualTo("provider_unavailable"));
  }

  private HookCleanup cleanup(String id, java.time.Instant due) {
    return new HookCleanup(id, Provider.GITHUB, user.id(), repo.providerRepoId(), repo.fullName(), "77", 0, due,
        null, Fixtures.T0);
  }

  private WorkflowRun run(long id, RunStatus status, RunConclusion conclusion, long updatedSeconds) {
    return new WorkflowRun(repo.id(), Provider.GITHUB, Fixtures.run(id, status, conclusion, Fixtures.at(updatedSeconds)),
        Fixtures.T0);
  }

  private static RunSnapshot numbered(RunSnapshot s, long runNumber, java.time.Instant created) {
    return new RunSnapshot(s.providerRunId(), s.attempt(), s.workflowKey(), s.workflowName(), runNumber, s.branch(),
        s.sha(), s.status(), s.conclusion(), s.url(), s.triggerEvent(), created, s.updatedAt(), s.pullRequests());
  }

  private IncidentStore.NewFailure failure(Connection conn, String id, RunSnapshot run) {
    return new IncidentStore.NewFailure(new IncidentId(id), user.id(), conn.id(), repo.id(), run.workflowKey(),
        run.workflowName(), run.branch(), IncidentOccurrence.of(run, Fixtures.at(30)), Fixtures.at(30));
  }
}
