package dev.hookkeeper.github.simulator;

/** An OAuth App registered on the simulated GitHub. */
record SimOAuthApp(String clientId, String clientSecret, String callbackUrl, String name) {}
