package dev.hookkeeper.app.http;

import java.util.List;

/** The error shape of a conflict with some repositories: {@link ErrorBody} plus their names. */
record ConflictBody(String error, String message, List<String> repositories) {}
