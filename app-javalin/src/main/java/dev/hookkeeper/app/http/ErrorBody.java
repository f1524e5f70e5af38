package dev.hookkeeper.app.http;

/** The one error shape every route answers with. */
record ErrorBody(String error, String message) {}
