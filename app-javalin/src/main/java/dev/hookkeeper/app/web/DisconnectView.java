package dev.hookkeeper.app.web;

/** The confirmation asked before a repository is disconnected. */
public record DisconnectView(Chrome chrome, String id, String fullName, String providerName) {}
