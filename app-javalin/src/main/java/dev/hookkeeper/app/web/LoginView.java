package dev.hookkeeper.app.web;

/**
 * The sign-in page.
 *
 * @param loginToken the double-submit token of the API-token form (also in a cookie)
 * @param notice a line to show above the buttons ({@code ""} for none)
 */
public record LoginView(Chrome chrome, boolean github, boolean gitlab, String loginToken, String notice) {}
