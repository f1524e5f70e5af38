package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.HookHealth;
import dev.hookkeeper.core.model.Secret;
import java.time.Instant;
import java.util.List;

/**
 * What happens at the fake provider behind Hookkeeper's back: people editing, switching off or
 * deleting hooks in the provider's UI, the provider disabling a failing hook, tokens revoked,
 * expired or stripped of a scope, repositories renamed, archived or deleted. Every method holds the
 * fake's lock.
 */
public final class FakeOutOfBand {
  private final FakeProviderHooksApi fake;

  FakeOutOfBand(FakeProviderHooksApi fake) {
    this.fake = fake;
  }

  /** The provider forgets the token: it is rejected as invalid ({@code TOKEN_INVALID}) from now on. */
  public void revoke(Secret token) {
    synchronized (fake) {
      fake.state.revoke(token);
    }
  }

  /** The token expires: {@code TOKEN_EXPIRED} from now on. */
  public void expire(Secret token) {
    synchronized (fake) {
      fake.state.token(token).expired = true;
    }
  }

  /** The token loses the scope hooks need: every hook change answers {@code TOKEN_SCOPE_MISSING}. */
  public void dropHookScope(Secret token) {
    synchronized (fake) {
      fake.state.token(token).hookScope = false;
    }
  }

  /** Renames (or transfers) the repository; the old name keeps redirecting, as GitHub does. */
  public void renameRepository(String fullName, String newFullName) {
    synchronized (fake) {
      fake.state.rename(fullName, newFullName);
    }
  }

  /** The repository becomes read-only; its hooks stay. */
  public void archiveRepository(String fullName) {
    synchronized (fake) {
      fake.state.repository(fullName).orElseThrow().archived = true;
    }
  }

  /** The repository is deleted, its hooks with it; by name or id it answers {@code REPOSITORY_NOT_FOUND}. */
  public void deleteRepository(String fullName) {
    synchronized (fake) {
      fake.state.repository(fullName).orElseThrow().deleted = true;
    }
  }

  /** Someone deletes the hook in the provider's UI. */
  public void deleteHook(String providerHookId) {
    synchronized (fake) {
      fake.state.removeHook(providerHookId);
    }
  }

  /** Someone switches the hook off in the provider's UI (GitHub {@code active: false}). */
  public void deactivateHook(String providerHookId) {
    synchronized (fake) {
      fake.state.hook(providerHookId).orElseThrow().active = false;
    }
  }

  /** The provider disables the hook after failures (GitLab): until {@code until}, or for good when {@code null}. */
  public void disableHook(String providerHookId, Instant until) {
    synchronized (fake) {
      fake.state.hook(providerHookId).orElseThrow().health = until == null
          ? new HookHealth(HookHealth.AlertStatus.DISABLED, null, null)
          : new HookHealth(HookHealth.AlertStatus.TEMPORARILY_DISABLED, until, null);
    }
  }

  /** Someone edits the hook in the provider's UI: another url and events; the secret stays. */
  public void editHook(String providerHookId, String url, List<String> events) {
    synchronized (fake) {
      FakeProviderState.Hook hook = fake.state.hook(providerHookId).orElseThrow();
      hook.url = url;
      hook.events = List.copyOf(events);
    }
  }
}
