package dev.hookkeeper.core.usecase;

import static dev.hookkeeper.core.usecase.UseCaseFixture.EVENTS;
import static dev.hookkeeper.core.usecase.UseCaseFixture.REPO;
import static dev.hookkeeper.core.usecase.UseCaseFixture.URL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConnectRepositoryTest {
  private final UseCaseFixture f = new UseCaseFixture();

  @Test
  void connect_creates_exactly_one_hook_with_a_unique_secret_and_json_delivery() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);

    ConnectionDetails details = f.connect(alice);

    List<ProviderHook> atProvider = f.github.hooks(REPO);
    assertThat(atProvider).hasSize(1);
    ProviderHook created = atProvider.get(0);
    assertThat(created.url()).isEqualTo(URL);
    assertThat(created.contentType()).isEqualTo("json");
    assertThat(created.events()).containsExactlyElementsOf(EVENTS);
    assertThat(created.active()).isTrue();

    RepositoryHook stored = f.hook();
    assertThat(details.hook()).isEqualTo(stored);
    assertThat(stored.providerHookId()).isEqualTo(created.providerHookId());
    assertThat(stored.status()).isEqualTo(HookStatus.PENDING);
    assertThat(stored.managedBy()).isEqualTo(alice);
    String secret = f.secretOf(stored).reveal();
    assertThat(f.github.secretOf(created.providerHookId())).contains(secret);
    assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
    assertThat(stored.secret().value()).doesNotContain(secret);
    assertThat(stored.tokenLookupHash()).isEqualTo(Sha256.hex(secret));
    assertThat(f.github.calls(Operation.CREATE_HOOK)).hasSize(1);
    assertThat(f.github.calls(Operation.PING)).hasSize(1);
  }

  @Test
  void every_repository_gets_its_own_secret() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.github.addRepository("octocat/Spoon-Knife", 1300192);
    f.connect(alice);
    assertThat(f.useCases.connectRepository().connect(alice, Provider.GITHUB, "octocat/Spoon-Knife"))
        .isInstanceOf(ConnectRepository.Result.Connected.class);

    String first = f.github.secretOf(f.github.hooks(REPO).get(0).providerHookId()).orElseThrow();
    String second = f.github.secretOf(f.github.hooks("octocat/Spoon-Knife").get(0).providerHookId()).orElseThrow();
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void the_ping_delivery_marks_the_hook_active_and_tells_the_user() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.connect(alice);
    f.stores.notifier().drain();

    IngestResult result = f.deliver("ping", new DomainEvent.Ping(f.hook().providerHookId(), "Keep it logically awesome."));

    assertThat(result).isInstanceOf(IngestResult.Accepted.class);
    assertThat(f.hook().status()).isEqualTo(HookStatus.ACTIVE);
    var notification = f.stores.notifier().takeNext();
    assertThat(notification.type()).isEqualTo(NotificationType.WEBHOOK_STATUS_CHANGED);
    assertThat(notification.userId()).isEqualTo(alice);
    assertThat(notification.data()).containsEntry("webhook_status", "active");
    f.stores.notifier().assertExhausted();
  }

  @Test
  void any_authentic_delivery_activates_a_pending_hook_as_providers_without_ping_need() {
    f.connect(f.user("alice", AccessLevel.ADMIN));
    f.stores.notifier().drain();
    assertThat(f.hook().status()).isEqualTo(HookStatus.PENDING);

    f.deliver("push", new DomainEvent.Pushed("refs/heads/main", "a".repeat(40), "b".repeat(40), 1, "alice", false));

    assertThat(f.hook().status()).isEqualTo(HookStatus.ACTIVE);
    assertThat(f.stores.notifier().takeNext().data()).containsEntry("webhook_status", "active");
    f.deliver("push", new DomainEvent.Pushed("refs/heads/main", "b".repeat(40), "c".repeat(40), 1, "alice", false));
    f.stores.notifier().assertExhausted();
  }

  @Test
  void a_forged_delivery_does_not_activate_a_pending_hook() {
    f.connect(f.user("alice", AccessLevel.ADMIN));
    f.deliverBody("d-forged", "push", f.body("push", new DomainEvent.Pushed("refs/heads/main", "a".repeat(40),
        "b".repeat(40), 1, "mallory", false)), Secret.of("forged"));

    assertThat(f.hook().status()).isEqualTo(HookStatus.PENDING);
  }

  @Test
  void a_provider_without_ping_marks_the_hook_active_at_once() {
    f.github.pingSupported(false);
    UserId alice = f.user("alice", AccessLevel.ADMIN);

    assertThat(f.connect(alice).hook().status()).isEqualTo(HookStatus.ACTIVE);
  }

  @Test
  void connecting_again_is_idempotent() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    ConnectionDetails first = f.connect(alice);

    ConnectRepository.Result again = f.useCases.connectRepository().connect(alice, Provider.GITHUB, REPO.toUpperCase());

    assertThat(again).isInstanceOf(ConnectRepository.Result.Connected.class);
    ConnectRepository.Result.Connected connected = (ConnectRepository.Result.Connected) again;
    assertThat(connected.created()).isFalse();
    assertThat(connected.details().connection().id()).isEqualTo(first.connection().id());
    assertThat(f.github.hooks(REPO)).hasSize(1);
    assertThat(f.github.calls(Operation.CREATE_HOOK)).hasSize(1);
  }

  @Test
  void a_second_user_with_access_joins_the_same_hook() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    UserId bob = f.user("bob", AccessLevel.ADMIN);
    f.connect(alice);

    ConnectionDetails bobs = f.connect(bob);

    assertThat(f.github.hooks(REPO)).hasSize(1);
    assertThat(bobs.hook().id()).isEqualTo(f.hook().id());
    assertThat(bobs.connection().userId()).isEqualTo(bob);
    assertThat(f.github.calls(Operation.CREATE_HOOK)).hasSize(1);
    assertThat(f.stores.connections().listByRepository(f.repository().id())).hasSize(2);
  }

  @Test
  void a_second_user_who_cannot_read_the_hooks_is_refused_and_not_connected() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    UserId mallory = f.user("mallory", AccessLevel.READ);
    f.connect(alice);

    ConnectRepository.Result result = f.useCases.connectRepository().connect(mallory, Provider.GITHUB, REPO);

    assertThat(result).isInstanceOf(ConnectRepository.Result.AccessDenied.class);
    assertThat(f.stores.connections().findByUserAndRepository(mallory, f.repository().id())).isEmpty();
    assertThat(f.stores.connections().listByRepository(f.repository().id())).hasSize(1);
  }

  @Test
  void an_unknown_or_invisible_repository_creates_no_connection() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);

    assertThat(f.useCases.connectRepository().connect(alice, Provider.GITHUB, "octocat/does-not-exist"))
        .isInstanceOf(ConnectRepository.Result.RepositoryNotFound.class);
    assertThat(f.stores.connections().listByUser(alice, dev.hookkeeper.core.model.PageRequest.first(10)).items())
        .isEmpty();
  }

  @Test
  void without_a_stored_token_nothing_happens() {
    UserId carol = f.useCases.createUser().create("carol").user().id();

    assertThat(f.useCases.connectRepository().connect(carol, Provider.GITHUB, REPO))
        .isInstanceOf(ConnectRepository.Result.TokenMissing.class);
    assertThat(f.github.calls()).isEmpty();
  }

  @Test
  void a_provider_that_cannot_be_asked_creates_no_connection() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.github.goDown();

    ConnectRepository.Result result = f.useCases.connectRepository().connect(alice, Provider.GITHUB, REPO);

    assertThat(result).isInstanceOf(ConnectRepository.Result.ProviderFailed.class);
    assertThat(((ConnectRepository.Result.ProviderFailed) result).failure().reason())
        .isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
  }

  @Test
  void adopts_a_hook_that_already_points_at_our_url_instead_of_duplicating_it() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    String existing = f.github.addForeignHook(REPO, URL);

    f.connect(alice);

    assertThat(f.github.hooks(REPO)).hasSize(1);
    assertThat(f.hook().providerHookId()).isEqualTo(existing);
    assertThat(f.github.secretOf(existing)).contains(f.secretOf(f.hook()).reveal());
    assertThat(f.github.calls(Operation.CREATE_HOOK)).isEmpty();
  }

  @Test
  void adopts_the_hook_when_creation_reports_that_it_already_exists() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.github.rejectDuplicateUrls(true);
    String[] raced = new String[1];
    f.racingGithub.beforeNextCreate(() -> raced[0] = f.github.addForeignHook(REPO, URL));

    ConnectionDetails details = f.connect(alice);

    assertThat(f.github.hooks(REPO)).extracting(ProviderHook::providerHookId).containsExactly(raced[0]);
    assertThat(details.hook().providerHookId()).isEqualTo(raced[0]);
    assertThat(details.hook().status()).isEqualTo(HookStatus.PENDING);
    assertThat(f.github.secretOf(raced[0])).contains(f.secretOf(f.hook()).reveal());
  }

  @ParameterizedTest
  @EnumSource(names = {"INSUFFICIENT_PERMISSIONS", "REPOSITORY_NOT_FOUND", "PROVIDER_UNAVAILABLE", "RATE_LIMITED",
      "HOOK_LIMIT_REACHED"})
  void a_refused_hook_keeps_the_connection_with_the_reason_and_can_be_retried(FailureReason reason) {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    f.github.failNext(Operation.CREATE_HOOK, reason);

    ConnectionDetails details = f.connect(alice);

    assertThat(details.connection().userId()).isEqualTo(alice);
    assertThat(details.hook().status()).isEqualTo(HookStatus.FAILED);
    assertThat(details.hook().failureReason()).isEqualTo(reason);
    assertThat(details.hook().providerHookId()).isNull();
    assertThat(f.github.hooks(REPO)).isEmpty();

    RetryHookCreation.Result retried = f.useCases.retryHookCreation().retry(alice, details.connection().id());

    assertThat(retried).isInstanceOf(RetryHookCreation.Result.Retried.class);
    RepositoryHook hook = ((RetryHookCreation.Result.Retried) retried).details().hook();
    assertThat(hook.status()).isEqualTo(HookStatus.PENDING);
    assertThat(hook.failureReason()).isNull();
    assertThat(f.github.hooks(REPO)).extracting(ProviderHook::providerHookId).containsExactly(hook.providerHookId());
    assertThat(f.useCases.retryHookCreation().retry(alice, details.connection().id()))
        .isInstanceOf(RetryHookCreation.Result.AlreadyActive.class);
  }

  @Test
  void a_second_user_takes_over_a_hook_the_first_could_not_create() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    UserId bob = f.user("bob", AccessLevel.ADMIN);
    f.github.failNext(Operation.CREATE_HOOK, FailureReason.INSUFFICIENT_PERMISSIONS);
    f.connect(alice);

    ConnectionDetails bobs = f.connect(bob);

    assertThat(bobs.hook().status()).isEqualTo(HookStatus.PENDING);
    assertThat(bobs.hook().managedBy()).isEqualTo(bob);
    assertThat(f.github.hooks(REPO)).hasSize(1);
  }

  @Test
  void taking_over_a_failed_hook_needs_the_same_proof_as_any_join() {
    UserId alice = f.user("alice", AccessLevel.ADMIN);
    UserId mallory = f.user("mallory", AccessLevel.READ);
    f.github.failNext(Operation.CREATE_HOOK, FailureReason.HOOK_LIMIT_REACHED);
    f.connect(alice);
    f.github.clearCalls();

    ConnectRepository.Result result = f.useCases.connectRepository().connect(mallory, Provider.GITHUB, REPO);

    assertThat(result).isInstanceOf(ConnectRepository.Result.AccessDenied.class);
    assertThat(f.stores.connections().findByUserAndRepository(mallory, f.repository().id())).isEmpty();
    assertThat(f.hook().managedBy()).isEqualTo(alice);
    assertThat(f.hook().status()).isEqualTo(HookStatus.FAILED);
    assertThat(f.github.calls(Operation.CREATE_HOOK)).isEmpty();
    assertThat(f.github.calls(Operation.UPDATE_HOOK)).isEmpty();
  }

  @Test
  void concurrent_first_connections_create_one_hook() throws Exception {
    List<UserId> users = new ArrayList<>();
    for (int i = 0; i < 8; i++) users.add(f.user("user" + i, AccessLevel.ADMIN));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ConnectRepository.Result>> results = new ArrayList<>();
      for (UserId u : users) {
        results.add(pool.submit(() -> f.useCases.connectRepository().connect(u, Provider.GITHUB, REPO)));
      }
      for (Future<ConnectRepository.Result> r : results) {
        assertThat(r.get()).isInstanceOf(ConnectRepository.Result.Connected.class);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.github.hooks(REPO)).hasSize(1);
    assertThat(f.stores.connections().listByRepository(f.repository().id())).hasSize(8);
  }
}
