package dev.hookkeeper.gitlab.simulator;

import java.time.Instant;

/**
 * An authorization code (10 minutes, once) or a refresh token's grant: who, for which app, and for a
 * code the redirect URI and PKCE challenge it was issued with.
 */
record SimOAuthGrant(String clientId, SimUser user, String scope, String redirectUri, String codeChallenge,
    String accessToken, Instant expiresAt) {}
