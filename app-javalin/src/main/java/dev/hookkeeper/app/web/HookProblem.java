package dev.hookkeeper.app.web;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.RepositoryHook;

/** Why a hook is not working as it should, in words a user can act on; {@code ""} when it is. */
final class HookProblem {
  private HookProblem() {}

  static String of(RepositoryHook hook) {
    if (hook == null) return "The webhook was removed.";
    if (hook.status() == HookStatus.ARCHIVED) {
      return "The repository is archived at the provider: nothing runs there, and deliveries are still accepted.";
    }
    FailureReason reason = hook.failureReason();
    if (reason == null || hook.status() == HookStatus.ACTIVE || hook.status() == HookStatus.PENDING)
      return "";
    String message =
        hook.failureMessage() == null || hook.failureMessage().isBlank()
            ? ""
            : " (" + hook.failureMessage() + ")";
    return sentence(reason) + message;
  }

  private static String sentence(FailureReason reason) {
    switch (reason) {
      case TOKEN_REVOKED:
        return "No connected user's token can manage the webhook any more: it was revoked or expired."
            + " Deliveries still arrive; store a new token or sign in again, and it is repaired at once.";
      case TOKEN_SCOPE_LOST:
        return "The token that managed the webhook lost a scope it needs (GitHub: admin:repo_hook or repo; GitLab: api)."
            + " Grant it again, or store a token that has it.";
      case INSUFFICIENT_PERMISSIONS:
        return "No connected user may manage webhooks of this repository any more (GitHub: admin; GitLab: maintainer).";
      case DELIVERIES_FAILING:
        return "The provider reports that its latest deliveries to Hookkeeper failed. Hookkeeper sent the webhook's"
            + " secret again and redelivers what failed; the status turns active with the next delivery that arrives.";
      case DELIVERIES_MISSING:
        return "The provider shows new runs, but no delivery arrived for a long time. Hookkeeper caught the runs up"
            + " and put the webhook back; the status turns active with the next delivery that arrives.";
      case HOOK_DELETED_BY_PROVIDER:
        return "The webhook was deleted at the provider. Hookkeeper creates it again.";
      case HOOK_DISABLED_BY_PROVIDER:
        return "The provider disabled the webhook after failed deliveries. Hookkeeper switches it on again.";
      case RATE_LIMITED:
        return "The provider's rate limit was reached; Hookkeeper tries again after its reset.";
      case PROVIDER_UNAVAILABLE:
        return "The provider could not be reached; Hookkeeper tries again.";
      case HOOK_LIMIT_REACHED:
        return "The repository has as many webhooks as the provider allows. Remove one, then retry.";
      default:
        return reason.code().replace('_', ' ') + ".";
    }
  }
}
