package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;

/** Whose token reconciles a hook, or why nobody's can. */
sealed interface Selection {

  /**
   * A connected user's token manages the hook (the reconcile's run now uses it).
   *
   * @param repository the repository as the provider shows it now; {@code null} where no
   *     repositories API is configured
   * @param hook the provider's answer about the hook ({@code HOOK_NOT_FOUND} included); {@code
   *     null} when the hook was never created at the provider
   */
  record Chosen(ProviderRepository repository, ProviderResult<ProviderHook> hook)
      implements Selection {}

  /** Every connected user's token was refused; {@code reason} is the hook's. */
  record Degraded(FailureReason reason, String detail) implements Selection {}

  /** Every token the provider accepted says the repository does not exist. */
  record Deleted(String detail) implements Selection {}

  /** The provider could not answer (down, or an answer nothing else explains). */
  record Postponed(ProviderFailure failure) implements Selection {}
}
