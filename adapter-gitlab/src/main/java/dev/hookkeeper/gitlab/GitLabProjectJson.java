package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;

/** A project of {@code GET /projects/:id} as the core's {@link ProviderRepository}. */
final class GitLabProjectJson {
  private GitLabProjectJson() {}

  /** @param askedFor the path the caller named, used when GitLab's answer lacks one */
  static ProviderResult<ProviderRepository> repository(JsonNode p, String askedFor) {
    long id = p.path("id").asLong(0);
    String path = p.path("path_with_namespace").asText(askedFor == null ? "" : askedFor);
    if (id <= 0 || path.isBlank()) {
      return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "unexpected GitLab answer: project without an id or path");
    }
    String defaultBranch = p.path("default_branch").asText("");
    return ProviderResult.ok(new ProviderRepository(
        Provider.GITLAB,
        id,
        path,
        // An empty project has no default branch yet; "main" is GitLab's default for new ones.
        defaultBranch.isBlank() ? "main" : defaultBranch,
        !"public".equals(p.path("visibility").asText("private")),
        p.path("archived").asBoolean(false),
        access(p.path("permissions"))));
  }

  /** Maintainer (40) and Owner (50) may manage hooks; the higher of project and group access counts. */
  static AccessLevel access(JsonNode permissions) {
    if (permissions.isMissingNode() || permissions.isNull()) return AccessLevel.UNKNOWN;
    int level = Math.max(
        permissions.path("project_access").path("access_level").asInt(0),
        permissions.path("group_access").path("access_level").asInt(0));
    if (level >= 40) return AccessLevel.ADMIN;
    if (level >= 30) return AccessLevel.WRITE;
    if (level > 0) return AccessLevel.READ;
    return AccessLevel.NONE;
  }
}
