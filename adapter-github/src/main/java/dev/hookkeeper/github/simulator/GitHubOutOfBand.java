package dev.hookkeeper.github.simulator;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * What happens on the simulated GitHub without its API, as {@link GitHubSimulator#outOfBand()}:
 * people editing, switching off or deleting hooks in the settings page, tokens revoked or losing a
 * scope, repositories renamed, transferred, archived or deleted.
 */
public final class GitHubOutOfBand {
  private final SimState state;
  private final SimChanges changes;
  private final Hookshot hookshot;

  GitHubOutOfBand(SimState state, SimChanges changes, Hookshot hookshot) {
    this.state = state;
    this.changes = changes;
    this.hookshot = hookshot;
  }

  /** The token is revoked (or expired): every request with it gets {@code 401 Bad credentials}. */
  public void revokeToken(String token) {
    synchronized (state) {
      state.usersByToken.remove(token);
    }
  }

  /**
   * An incident of GitHub's webhook service: while {@code down}, events still happen (runs are
   * listed by the API) but no delivery is attempted or logged, so none can be redelivered either.
   */
  public void webhookOutage(boolean down) {
    synchronized (state) {
      state.webhooksDown = down;
    }
  }

  /** The user's classic token now has exactly these scopes (a scope dropped, or added). */
  public void setScopes(String login, List<String> scopes) {
    synchronized (state) {
      state.userByLogin(login).scopes = new LinkedHashSet<>(scopes);
    }
  }

  /**
   * Renames the repository, or transfers it when the owner differs: the id and every hook stay, the
   * old name answers with redirects, and hooks subscribed to {@code repository} get {@code renamed}
   * or {@code transferred} in the background ({@link GitHubSimulator#awaitIdle}).
   */
  public void renameRepository(String oldFullName, String newFullName) {
    List<Hookshot.Shot> shots;
    synchronized (state) {
      shots = changes.rename(oldFullName, newFullName);
    }
    shots.forEach(hookshot::sendLater);
  }

  /** Archives the repository; {@code repository} {@code archived} goes out in the background. */
  public void archiveRepository(String fullName) {
    List<Hookshot.Shot> shots;
    synchronized (state) {
      shots = changes.archive(fullName);
    }
    shots.forEach(hookshot::sendLater);
  }

  /**
   * Deletes the repository with its hooks: 404 by name and id from now on; no event reaches the
   * hooks.
   */
  public void deleteRepository(String fullName) {
    synchronized (state) {
      changes.delete(fullName);
    }
  }

  /**
   * A person deletes the hook in the settings page; a {@code meta} subscriber first gets {@code
   * deleted} (synchronously).
   */
  public void deleteHook(String repoFullName, long hookId) {
    List<Hookshot.Shot> shots;
    synchronized (state) {
      shots = changes.deleteHook(repoFullName, hookId);
    }
    shots.forEach(hookshot::send);
  }

  /**
   * A person switches the hook off (or on) in the settings page: GitHub stops (or resumes)
   * delivering.
   */
  public void setHookActive(String repoFullName, long hookId, boolean active) {
    synchronized (state) {
      changes.setActive(repoFullName, hookId, active);
    }
  }

  /**
   * A person points the hook elsewhere and changes its events; the secret and content type stay.
   */
  public void editHook(String repoFullName, long hookId, String url, List<String> events) {
    synchronized (state) {
      changes.editHook(repoFullName, hookId, url, events);
    }
  }
}
