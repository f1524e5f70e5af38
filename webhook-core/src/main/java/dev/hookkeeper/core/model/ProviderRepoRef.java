package dev.hookkeeper.core.model;

import java.util.Objects;

/** The repository a payload says it is about: its stable id and current full name. */
public record ProviderRepoRef(long providerRepoId, String fullName) {
  public ProviderRepoRef {
    Objects.requireNonNull(fullName, "fullName == null");
  }
}
