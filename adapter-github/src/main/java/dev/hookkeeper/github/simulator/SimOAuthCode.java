package dev.hookkeeper.github.simulator;

import java.time.Instant;

/** An authorization code: valid 10 minutes, once, for its app, redirect URI and (if sent) PKCE challenge. */
record SimOAuthCode(String clientId, String redirectUri, SimUser user, String scope, String codeChallenge, Instant expiresAt) {}
