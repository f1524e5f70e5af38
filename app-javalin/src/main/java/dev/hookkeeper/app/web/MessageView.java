package dev.hookkeeper.app.web;

/**
 * A page that only says something: an error, a refused sign-in.
 *
 * @param action {@code null} for no link
 */
public record MessageView(Chrome chrome, String heading, String message, String action, String actionLabel) {}
