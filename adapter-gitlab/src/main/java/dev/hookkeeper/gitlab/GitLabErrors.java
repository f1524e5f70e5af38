package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.Secret;
import java.util.Locale;

/** Maps GitLab's 4xx answers to failure reasons. 429 and 5xx are handled by {@link GitLabHttp}. */
final class GitLabErrors {
  private GitLabErrors() {}

  /** What a 404 means on the endpoint at hand. */
  enum NotFound {
    /** Project-level endpoints: the project does not exist or the token cannot see it. */
    REPOSITORY,
    /** Hook-level endpoints: {@code 404 Project Not Found} still names the project, else the hook. */
    HOOK,
    /** Pipeline endpoints: {@code 404 Project Not Found} names the project, else the pipeline. */
    RUN
  }

  static ProviderFailure map(GitLabHttp.Reply reply, NotFound notFound, Secret... secrets) {
    String text = Redaction.scrub(reply.errorText(), secrets);
    FailureReason reason;
    switch (reply.code()) {
      case 401:
        // {"error":"invalid_token","error_description":"Token is expired. You can either do re-authorization
        // or token refresh."} vs "Token was revoked. …" (provider-facts 4.2)
        reason = text.toLowerCase(Locale.ROOT).contains("expired") ? FailureReason.TOKEN_EXPIRED : FailureReason.TOKEN_INVALID;
        break;
      case 403:
        // {"error":"insufficient_scope",…}: a read_api token asked to write; any other 403 is the role
        reason = "insufficient_scope".equals(reply.oauthError())
            ? FailureReason.TOKEN_SCOPE_MISSING
            : FailureReason.INSUFFICIENT_PERMISSIONS;
        break;
      case 405:
        // {"message":"Non GET methods are not allowed for moved projects"}: addressed by an old path
        reason = text.toLowerCase(Locale.ROOT).contains("moved project")
            ? FailureReason.REPOSITORY_NOT_FOUND
            : FailureReason.UNSUPPORTED_BY_PROVIDER;
        break;
      case 404:
        boolean project = text.toLowerCase(Locale.ROOT).contains("project not found");
        reason = notFound == NotFound.REPOSITORY || project
            ? FailureReason.REPOSITORY_NOT_FOUND
            : notFound == NotFound.RUN ? FailureReason.RUN_NOT_FOUND : FailureReason.HOOK_NOT_FOUND;
        break;
      case 400:
      case 422:
        reason = isHookLimit(text) ? FailureReason.HOOK_LIMIT_REACHED : FailureReason.INVALID_HOOK_CONFIG;
        break;
      default:
        reason = reply.code() >= 400 && reply.code() < 500
            ? FailureReason.INVALID_HOOK_CONFIG
            : FailureReason.PROVIDER_UNAVAILABLE;
    }
    return ProviderFailure.of(reason, "GitLab " + reply.code() + ": " + text);
  }

  /** GitLab.com: {@code 422 {"error":"Maximum number of project hooks (100) exceeded"}}. */
  static boolean isHookLimit(String text) {
    return text.toLowerCase(Locale.ROOT).contains("maximum number of project hooks");
  }
}
