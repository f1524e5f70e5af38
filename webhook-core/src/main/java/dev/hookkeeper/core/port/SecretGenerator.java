package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Secret;

/** New random secrets: at least 32 random bytes, URL-safe text. */
@FunctionalInterface
public interface SecretGenerator {
  Secret newSecret();
}
