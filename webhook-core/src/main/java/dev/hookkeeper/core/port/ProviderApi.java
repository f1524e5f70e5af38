package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RateBudget;
import dev.hookkeeper.core.model.Secret;
import java.util.Optional;

/**
 * What every provider port shares. The three ports ({@link ProviderHooksApi}, {@link
 * ProviderRunsApi}, {@link ProviderRepositoriesApi}) of one adapter share one connection and one
 * budget per token.
 *
 * <p>Common to every method of every provider port: implementations never throw for an HTTP or I/O
 * problem, every failure is a {@link dev.hookkeeper.core.model.ProviderResult.Failed}, and these
 * reasons can come back from any call besides those each method names:
 *
 * <ul>
 *   <li>{@code TOKEN_INVALID} (401: revoked or never valid), {@code TOKEN_EXPIRED} (401, the
 *       provider says expired: refresh), {@code TOKEN_SCOPE_MISSING} (an OAuth scope is missing);
 *   <li>{@code RATE_LIMITED} with {@code retryAt} (GitHub primary and secondary limits, GitLab 429);
 *   <li>{@code PROVIDER_UNAVAILABLE} (5xx or unreachable after the adapter's bounded retries, or
 *       an answer it cannot read).
 * </ul>
 *
 * Tokens and secrets never appear in failure messages or logs.
 */
public interface ProviderApi {

  Provider provider();

  /**
   * The token's request budget as the provider's latest answer to this token reported it; empty
   * before any answer, or where the provider sends no rate-limit headers (self-managed GitLab
   * without limits). A caller slows down when {@link dev.hookkeeper.core.model.RateBudget#isBelow}
   * says so. Keyed by the token's SHA-256: no plaintext token is kept.
   */
  Optional<RateBudget> rateBudget(Secret token);
}
