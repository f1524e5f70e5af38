package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.AuthorizationRequest;
import dev.hookkeeper.core.model.OAuthTokens;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;

/**
 * A provider's OAuth 2 authorization-code flow for one registered OAuth application: the authorize
 * page, the code exchange and the renewal of expiring tokens. Thread-safe. Like every provider port,
 * never throws for an HTTP or I/O problem and never puts a token, code or client secret in a failure
 * message or a log.
 *
 * <p>Failures: {@code TOKEN_INVALID} when the provider refuses the code or refresh token (expired,
 * used, revoked, issued to another client, wrong redirect URI or PKCE verifier: GitHub says so with
 * HTTP 200 and an {@code error} field, GitLab with 400 {@code invalid_grant}); {@code
 * INVALID_HOOK_CONFIG} is never used here; {@code UNSUPPORTED_BY_PROVIDER} when the application's
 * credentials are refused (the operator's configuration is wrong); {@code PROVIDER_UNAVAILABLE}.
 */
public interface ProviderOAuth {

  Provider provider();

  /** The provider's authorize page URL for this request, with the scopes Hookkeeper needs. */
  String authorizationUrl(AuthorizationRequest request);

  /** Exchanges the code the callback received (valid 10 minutes, once) for tokens. */
  ProviderResult<OAuthTokens> exchangeCode(String code, String redirectUri, Secret codeVerifier);

  /**
   * A new token pair for a refresh token. Rotating providers (GitLab) invalidate the old pair as
   * they answer: the caller must store the new pair before using it.
   */
  ProviderResult<OAuthTokens> refresh(Secret refreshToken);
}
