package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.ProviderFailure;

/** What {@link RenewProviderToken} did with a user's provider token. */
public sealed interface RenewalOutcome {
  /** The credential to use: renewed and stored. */
  record Renewed(ProviderCredential credential) implements RenewalOutcome {}

  /** Nothing to renew (a token that does not expire, or not due yet, or renewed meanwhile). */
  record Current(ProviderCredential credential) implements RenewalOutcome {}

  /** The user has no token for the provider. */
  record NotFound() implements RenewalOutcome {}

  /** The provider refused (a dead refresh token is then dropped: the user must sign in again) or is down. */
  record Refused(ProviderFailure failure) implements RenewalOutcome {}
}
