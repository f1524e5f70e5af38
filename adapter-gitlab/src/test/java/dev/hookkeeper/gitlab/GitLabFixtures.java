package dev.hookkeeper.gitlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The real payloads copied from /work/shared/fixtures/gitlab (provenance in gitlab/SOURCES.md). */
public final class GitLabFixtures {
  private GitLabFixtures() {}

  public static byte[] bytes(String name) {
    try (InputStream in = GitLabFixtures.class.getResourceAsStream("/gitlab/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture gitlab/" + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
