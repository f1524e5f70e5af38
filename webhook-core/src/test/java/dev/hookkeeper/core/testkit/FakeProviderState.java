package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi.Operation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
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
  private int nextToken = 1;

  ProviderRepoRef addRepository(String fullName, long id, String defaultBranch, boolean privateRepo) {
    Repo repo = new Repo(id, defaultBranch, privateRepo);
    repo.fullName = fullName;
    reposByName.put(key(fullName), repo);
    return new ProviderRepoRef(id, fullName);
  }

  Secret addToken(String login, AccessLevel access) {
    Secret secret = Secret.of("fake-token-" + login + "-" + nextToken++);
    tokens.put(secret.reveal(), new Token(login, access, new HashMap<>()));
    return secret;
  }

  void grant(Secret token, String fullName, AccessLevel access) {
    Repo repo = repository(fullName).orElseThrow();
    tokens.get(token.reveal()).perRepo().put(repo.id(), access);
  }

  void revoke(Secret token) {
    tokens.remove(token.reveal());
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
        .map(t -> new TokenIdentity(t.login(), List.of("repo", "admin:repo_hook")));
  }

  Optional<Repo> repository(String fullName) {
    return Optional.ofNullable(reposByName.get(key(fullName)));
  }

  /** GitHub addresses repositories by name, GitLab by id: accept either. */
  Optional<Repo> repository(ProviderRepoRef ref) {
    if (ref.providerRepoId() > 0) {
      return reposByName.values().stream().filter(r -> r.id() == ref.providerRepoId()).findFirst();
    }
    return repository(ref.fullName());
  }

  ProviderResult<Visible> visible(Secret token, String fullName) {
    return visible(token, repository(fullName));
  }

  ProviderResult<Repo> admin(Secret token, ProviderRepoRef ref) {
    return then(visible(token, repository(ref)), v -> v.access().canManageHooks()
        ? ProviderResult.ok(v.repo())
        : ProviderResult.failed(FailureReason.INSUFFICIENT_PERMISSIONS, "Must have admin rights to Repository."));
  }

  private ProviderResult<Visible> visible(Secret token, Optional<Repo> repo) {
    Token t = tokens.get(token.reveal());
    if (repo.isEmpty()) return ProviderResult.failed(FailureReason.REPOSITORY_NOT_FOUND, "Not Found");
    AccessLevel access = t.perRepo().getOrDefault(repo.get().id(), t.access());
    if (access == AccessLevel.NONE) return ProviderResult.failed(FailureReason.REPOSITORY_NOT_FOUND, "Not Found");
    return ProviderResult.ok(new Visible(repo.get(), access));
  }

  Hook addHook(Repo repo, String url, List<String> events, Secret secret) {
    Hook hook = new Hook(Long.toString(nextHookId++), new ArrayList<>());
    hook.update(new HookSpec(url, secret, events));
    repo.hooks().add(hook);
    return hook;
  }

  Optional<Hook> hook(String providerHookId) {
    return reposByName.values().stream().flatMap(r -> r.hooks().stream())
        .filter(h -> h.id().equals(providerHookId)).findFirst();
  }

  void removeHook(String providerHookId) {
    reposByName.values().forEach(r -> r.removeHook(providerHookId));
  }

  static <A, B> ProviderResult<B> then(ProviderResult<A> result, Function<A, ProviderResult<B>> next) {
    return result.isOk() ? next.apply(result.value()) : ProviderResult.failed(result.failure());
  }

  private static String key(String fullName) {
    return fullName.toLowerCase(Locale.ROOT);
  }

  record Token(String login, AccessLevel access, Map<Long, AccessLevel> perRepo) {}

  record Visible(Repo repo, AccessLevel access) {}

  static final class Repo {
    private final long id;
    private final String defaultBranch;
    private final boolean privateRepo;
    private final List<Hook> hooks = new ArrayList<>();
    private String fullName;

    Repo(long id, String defaultBranch, boolean privateRepo) {
      this.id = id;
      this.defaultBranch = defaultBranch;
      this.privateRepo = privateRepo;
    }

    long id() { return id; }
    String fullName() { return fullName; }
    String defaultBranch() { return defaultBranch; }
    boolean privateRepo() { return privateRepo; }
    List<Hook> hooks() { return hooks; }

    Optional<Hook> hook(String providerHookId) {
      return hooks.stream().filter(h -> h.id().equals(providerHookId)).findFirst();
    }

    boolean removeHook(String providerHookId) {
      return hooks.removeIf(h -> h.id().equals(providerHookId));
    }
  }

  static final class Hook {
    private final String id;
    private final List<ProviderDelivery> deliveries;
    private String url;
    private List<String> events;
    private Secret secret;

    Hook(String id, List<ProviderDelivery> deliveries) {
      this.id = id;
      this.deliveries = deliveries;
    }

    String id() { return id; }
    String url() { return url; }
    Secret secret() { return secret; }
    List<ProviderDelivery> deliveries() { return deliveries; }

    Hook update(HookSpec spec) {
      url = spec.url();
      events = spec.events();
      secret = spec.secret();
      return this;
    }

    ProviderHook view() {
      return new ProviderHook(id, url, events, true, "json", false, null);
    }
  }
}
