package dev.hookkeeper.core.model;

import java.util.Objects;

/** How an inbound delivery names its hook, read from its headers before anything else. */
public sealed interface HookLocator {

  /** GitHub: {@code X-GitHub-Hook-ID}. */
  record ByProviderHookId(String providerHookId) implements HookLocator {
    public ByProviderHookId {
      Objects.requireNonNull(providerHookId, "providerHookId == null");
    }
  }

  /** GitLab: hex SHA-256 of the presented {@code X-Gitlab-Token} (GitLab sends no hook id). */
  record ByTokenHash(String sha256Hex) implements HookLocator {
    public ByTokenHash {
      Objects.requireNonNull(sha256Hex, "sha256Hex == null");
    }
  }

  /** The headers do not say which hook this is; {@code reason} is for the log, not the sender. */
  record Unidentifiable(String reason) implements HookLocator {
    public Unidentifiable {
      Objects.requireNonNull(reason, "reason == null");
    }
  }
}
