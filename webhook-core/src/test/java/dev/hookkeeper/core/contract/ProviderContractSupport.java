package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.ProviderResult;

/** Assertions the provider contracts share. */
final class ProviderContractSupport {
  private ProviderContractSupport() {}

  static <T> T assertOk(ProviderResult<T> result) {
    assertThat(result.isOk()).as("expected success but got %s", result).isTrue();
    return result.value();
  }

  static void assertFailure(ProviderResult<?> result, FailureReason expected) {
    assertThat(result.isOk()).as("expected %s but got %s", expected, result).isFalse();
    assertThat(result.failure().reason()).as("failure %s", result.failure()).isEqualTo(expected);
  }
}
