package dev.hookkeeper.github;

import java.nio.charset.StandardCharsets;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/** One answered GitHub API request, fully read, so no connection stays open while it is mapped. */
record ApiResponse(int code, Headers headers, byte[] body, HttpUrl url) {

  String header(String name) {
    return headers.get(name);
  }

  boolean isSuccessful() {
    return code >= 200 && code < 300;
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
