package dev.hookkeeper.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.ProviderFailure;

/** GitHub's token-endpoint errors (provider-facts 4.1), as the core's reasons. */
final class GitHubOAuthErrors {
  private GitHubOAuthErrors() {}

  static ProviderFailure of(JsonNode json) {
    String error = json.path("error").asText("");
    String description = json.path("error_description").asText(error);
    switch (error) {
      case "bad_verification_code":
      case "bad_refresh_token":
        return ProviderFailure.of(FailureReason.TOKEN_INVALID, description);
      case "incorrect_client_credentials":
      case "redirect_uri_mismatch":
        // the operator's OAuth App registration or configuration is wrong, not the user's doing
        return ProviderFailure.of(FailureReason.UNSUPPORTED_BY_PROVIDER, error + ": " + description);
      case "unverified_user_email":
        return ProviderFailure.of(FailureReason.INSUFFICIENT_PERMISSIONS, description);
      default:
        return ProviderFailure.of(FailureReason.TOKEN_INVALID, error + ": " + description);
    }
  }
}
