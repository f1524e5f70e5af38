package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.SecretGenerator;

/** Hookkeeper API tokens: a recognisable prefix and at least 32 random bytes. */
final class ApiTokens {
  static final String PREFIX = "hk_";

  private ApiTokens() {}

  /** A new token, to show its user once; only its SHA-256 is ever stored. */
  static Secret next(SecretGenerator secrets) {
    return Secret.of(PREFIX + secrets.newSecret().reveal());
  }
}
