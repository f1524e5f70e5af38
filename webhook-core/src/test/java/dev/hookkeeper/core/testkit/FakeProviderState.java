package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.DomainEvent.WorkflowRunChanged;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookHealth;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi.Operation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.function.Function;

/** The fake provider's data. Not thread-safe on its own: {@link FakeProviderHooksApi} locks. */
final class FakeProviderState {
  private final Map<String, Repo> reposByName = new HashMap<>(); // lower-case names and old names
  private final Map<String, Token> tokens = new HashMap<>();
  private final Map<Operation, Queue<ProviderFailure>> scripts = new EnumMap<>(Operation.class);
  private long nextHookId = 1000;
  private long nextDeliveryId = 5000;
  private int nextToken = 1;

  ProviderRepoRef addRepository(String fullName, long id, String defaultBranch, boolean privateRepo) {
    Repo repo = new Repo(id, defaultBranch, privateRepo);
    repo.fullName = fullName;
    reposByName.put(key(fullName), repo);
    return new ProviderRepoRef(id, fullName);
  }

  Secret addToken(String login, AccessLevel access) {
    Secret secret = Secret.of("fake-token-" + login + "-" + nextToken++);
    tokens.put(secret.reveal(), new Token(login, access));
    return secret;
  }

  void grant(Secret token, String fullName, AccessLevel access) {
    Repo repo = repository(fullName).orElseThrow();
    token(token).perRepo.put(repo.id, access);
  }

  void revoke(Secret token) {
    tokens.remove(token.reveal());
  }

  Token token(Secret token) {
    Token t = token == null ? null : tokens.get(token.reveal());
    if (t == null) throw new IllegalArgumentException("not a token of this fake provider");
    return t;
  }

  /** Why the provider refuses the token before looking at anything else; empty when it accepts it. */
  Optional<ProviderFailure> tokenRefusal(Secret token) {
    Token t = token == null ? null : tokens.get(token.reveal());
    if (t == null) return Optional.of(ProviderFailure.of(FailureReason.TOKEN_INVALID, "Bad credentials"));
    if (t.expired) {
      return Optional.of(ProviderFailure.of(FailureReason.TOKEN_EXPIRED,
          "Token is expired. You can either do re-authorization or token refresh."));
    }
    return Optional.empty();
  }

  void rename(String fullName, String newFullName) {
    Repo repo = repository(fullName).orElseThrow();
    repo.fullName = newFullName;
    reposByName.put(key(newFullName), repo);
  }

  void script(Operation op, ProviderFailure failure) {
    scripts.computeIfAbsent(op, o -> new ArrayDeque<>()).add(failure);
  }

  Optional<ProviderFailure> nextScripted(Operation op) {
    Queue<ProviderFailure> queue = scripts.get(op);
    return queue == null ? Optional.empty() : Optional.ofNullable(queue.poll());
  }

  Optional<TokenIdentity> identity(Secret token) {
    return Optional.ofNullable(token == null ? null : tokens.get(token.reveal()))
        .map(t -> new TokenIdentity(t.login, t.hookScope ? List.of("repo", "admin:repo_hook") : List.of("read:user")));
  }

  Optional<Repo> repository(String fullName) {
    return Optional.ofNullable(reposByName.get(key(fullName))).filter(r -> !r.deleted);
  }

  /** GitHub addresses repositories by name, GitLab by id: accept either. */
  Optional<Repo> repository(ProviderRepoRef ref) {
    if (ref.providerRepoId() > 0) return repository(ref.providerRepoId());
    return repository(ref.fullName());
  }

  Optional<Repo> repository(long id) {
    return reposByName.values().stream().filter(r -> r.id == id && !r.deleted).findFirst();
  }

  ProviderResult<Visible> visible(Secret token, Optional<Repo> repo) {
    Token t = token(token);
    if (repo.isEmpty()) return ProviderResult.failed(FailureReason.REPOSITORY_NOT_FOUND, "Not Found");
    AccessLevel access = t.perRepo.getOrDefault(repo.get().id, t.access);
    if (access == AccessLevel.NONE) return ProviderResult.failed(FailureReason.REPOSITORY_NOT_FOUND, "Not Found");
    return ProviderResult.ok(new Visible(repo.get(), access));
  }

  ProviderResult<Repo> admin(Secret token, ProviderRepoRef ref) {
    return then(visible(token, repository(ref)), v -> v.access().canManageHooks()
        ? ProviderResult.ok(v.repo())
        : ProviderResult.failed(FailureReason.INSUFFICIENT_PERMISSIONS, "Must have admin rights to Repository."));
  }

  /** Admin rights and a token that still holds the hook scope. */
  ProviderResult<Repo> writable(Secret token, ProviderRepoRef ref) {
    if (!token(token).hookScope) {
      return ProviderResult.failed(FailureReason.TOKEN_SCOPE_MISSING, "the token lacks the scope to manage hooks");
    }
    return admin(token, ref);
  }

  Hook addHook(Repo repo, String url, List<String> events, Secret secret) {
    Hook hook = new Hook(Long.toString(nextHookId++));
    hook.update(new HookSpec(url, secret, events));
    repo.hooks.add(hook);
    return hook;
  }

  Optional<Hook> hook(String providerHookId) {
    return reposByName.values().stream().distinct().flatMap(r -> r.hooks.stream())
        .filter(h -> h.id.equals(providerHookId)).findFirst();
  }

  void removeHook(String providerHookId) {
    reposByName.values().forEach(r -> r.removeHook(providerHookId));
  }

  long nextDeliveryId() {
    return nextDeliveryId++;
  }

  static <A, B> ProviderResult<B> then(ProviderResult<A> result, Function<A, ProviderResult<B>> next) {
    return result.isOk() ? next.apply(result.value()) : ProviderResult.failed(result.failure());
  }

  private static String key(String fullName) {
    return fullName.toLowerCase(Locale.ROOT);
  }

  static final class Token {
    final String login;
    final AccessLevel access;
    final Map<Long, AccessLevel> perRepo = new HashMap<>();
    boolean hookScope = true;
    boolean expired;

    Token(String login, AccessLevel access) {
      this.login = login;
      this.access = access;
    }
  }

  record Visible(Repo repo, AccessLevel access) {
    ProviderRepository describe(Provider provider) {
      return new ProviderRepository(provider, repo.id, repo.fullName, repo.defaultBranch, repo.privateRepo, repo.archived,
          access);
    }
  }

  static final class Repo {
    final long id;
    final String defaultBranch;
    final boolean privateRepo;
    final List<Hook> hooks = new ArrayList<>();
    /** Run id → the run's latest state and all its jobs, in firing order. */
    final Map<Long, FakeRun> runs = new LinkedHashMap<>();
    String fullName;
    boolean archived;
    boolean deleted;

    Repo(long id, String defaultBranch, boolean privateRepo) {
      this.id = id;
      this.defaultBranch = defaultBranch;
      this.privateRepo = privateRepo;
    }

    Optional<Hook> hook(String providerHookId) {
      return hooks.stream().filter(h -> h.id.equals(providerHookId)).findFirst();
    }

    ProviderResult<Hook> found(String providerHookId) {
      return hook(providerHookId).<ProviderResult<Hook>>map(ProviderResult::ok)
          .orElseGet(() -> ProviderResult.failed(FailureReason.HOOK_NOT_FOUND, "Not Found"));
    }

    boolean removeHook(String providerHookId) {
      return hooks.removeIf(h -> h.id.equals(providerHookId));
    }
  }

  /** A run as the provider lists it: what its run webhook carries, and every job. */
  record FakeRun(WorkflowRunChanged run, List<JobResult> jobs) {}

  static final class Hook {
    final String id;
    final List<ProviderDelivery> deliveries = new ArrayList<>();
    String url;
    List<String> events;
    Secret secret;
    boolean active = true;
    HookHealth health = HookHealth.EXECUTABLE;

    Hook(String id) {
      this.id = id;
    }

    Hook update(HookSpec spec) {
      url = spec.url();
      events = spec.events();
      secret = spec.secret();
      active = true;
      return this;
    }

    boolean subscribes(String event) {
      return events.contains(event) || events.contains("*");
    }

    ProviderHook view() {
      return new ProviderHook(id, url, events, active, "json", health);
    }
  }

  /** Which provider the fake plays decides a few names. */
  static String runEvent(Provider provider) {
    return provider == Provider.GITHUB ? "workflow_run" : "pipeline_events";
  }

  static String jobEvent(Provider provider) {
    return provider == Provider.GITHUB ? "workflow_job" : "job_events";
  }
}
