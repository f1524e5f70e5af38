package dev.hookkeeper.gitlab.simulator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What happens on the simulated GitLab without its API, as {@link GitLabSimulator#outOfBand()}:
 * tokens revoked, expired or narrowed, projects renamed, transferred, archived or deleted, hooks
 * edited or deleted by a maintainer in the UI.
 */
public final class GitLabOutOfBand {
  private final SimulatorState state;

  GitLabOutOfBand(SimulatorState state) {
    this.state = state;
  }

  /** 401 {@code invalid_token} "Token was revoked…" from now on. */
  public void revokeToken(String token) {
    synchronized (state) {
      user(token).revoked = true;
    }
  }

  /** 401 {@code invalid_token} "Token is expired…" from now on (an OAuth token past its 2 h). */
  public void expireToken(String token) {
    synchronized (state) {
      user(token).expired = true;
    }
  }

  /**
   * Every OAuth access token issued to {@code username} reaches its 2 h now: 401 {@code
   * invalid_token} "Token is expired…"; its refresh token still renews it (provider-facts 4.2).
   */
  public void expireOAuthTokensOf(String username) {
    synchronized (state) {
      java.time.Instant past = state.clock.instant().minusSeconds(1);
      for (java.util.Map.Entry<String, SimUser> e : state.usersByToken.entrySet()) {
        if (e.getValue().username().equals(username) && state.tokenExpiry.containsKey(e.getKey())) {
          state.tokenExpiry.put(e.getKey(), past);
        }
      }
    }
  }

  /**
   * The user revokes the OAuth application's access: every access token issued to them answers
   * "Token was revoked…", every refresh token {@code invalid_grant}. A new sign-in grants new ones.
   */
  public void revokeOAuthGrantsOf(String username) {
    synchronized (state) {
      java.util.Iterator<SimOAuthGrant> grants = state.refreshTokens.values().iterator();
      while (grants.hasNext()) {
        SimOAuthGrant g = grants.next();
        if (!g.user().username().equals(username)) continue;
        grants.remove();
        state.revokedTokens.add(g.accessToken());
        state.usersByToken.remove(g.accessToken());
        state.tokenExpiry.remove(g.accessToken());
      }
    }
  }

  /**
   * An incident of GitLab's hook workers (Sidekiq): while {@code down}, pipelines still run and are
   * listed by the API, but no hook delivery is attempted or logged. Test requests, which GitLab
   * sends from its web nodes (provider-facts 2.5), still go.
   */
  public void webhookOutage(boolean down) {
    synchronized (state) {
      state.webhooksDown = down;
    }
  }

  /**
   * The token's scopes from now on; {@code read_api} alone gets 403 {@code insufficient_scope} on
   * writes.
   */
  public void setScopes(String token, List<String> scopes) {
    synchronized (state) {
      user(token).scopes = new LinkedHashSet<>(scopes);
    }
  }

  /**
   * Rename or transfer: the path changes, the id and every hook stay, payloads carry the new path,
   * and the old path answers GET with 301 to {@code /projects/<id>} and anything else with 405.
   * GitLab sends project hooks no event for it (provider-facts 4.6).
   */
  public void renameProject(String oldPath, String newPath) {
    Objects.requireNonNull(newPath, "newPath == null");
    synchronized (state) {
      SimProject p = state.requireProject(oldPath);
      state.movedFrom.put(p.path.toLowerCase(Locale.ROOT), p.id);
      state.movedFrom.remove(newPath.toLowerCase(Locale.ROOT));
      p.path = newPath;
    }
  }

  public void archiveProject(String path) {
    synchronized (state) {
      state.requireProject(path).archived = true;
    }
  }

  /** Gone with its hooks: {@code 404 Project Not Found} by id and by path. */
  public void deleteProject(String path) {
    synchronized (state) {
      SimProject p = state.requireProject(path);
      state.projects.remove(p.id);
      state.movedFrom.values().removeIf(id -> id == p.id);
    }
  }

  /** A maintainer deletes the hook in the UI. */
  public void deleteHook(String projectPath, long hookId) {
    synchronized (state) {
      state.requireProject(projectPath).hooks.remove(hookId);
    }
  }

  /** A maintainer edits the hook in the UI: url and event flags; the token stays. */
  public void editHook(String projectPath, long hookId, String url, List<String> flags) {
    synchronized (state) {
      SimHook hook = state.requireProject(projectPath).hooks.get(hookId);
      if (hook == null)
        throw new IllegalArgumentException("no hook " + hookId + " on " + projectPath);
      hook.url = url;
      for (String flag : SimEventNames.FLAGS) hook.flags.put(flag, flags.contains(flag));
    }
  }

  private SimUser user(String token) {
    SimUser u = state.usersByToken.get(token);
    if (u == null) throw new IllegalArgumentException("no simulated user with that token");
    return u;
  }
}
