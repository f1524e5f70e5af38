package dev.hookkeeper.gitlab.simulator;

/** An application registered on the simulated GitLab (confidential: it must send its secret). */
record SimOAuthApp(String clientId, String clientSecret, String redirectUri, String name) {}
