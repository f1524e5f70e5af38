package dev.hookkeeper.core.model;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of one provider API call: a value, or a {@link ProviderFailure} callers branch on.
 * Infrastructure faults are folded into {@link FailureReason#PROVIDER_UNAVAILABLE} by the adapter,
 * so provider adapters never throw for an HTTP or I/O problem.
 */
public sealed interface ProviderResult<T> {

  record Ok<T>(T value) implements ProviderResult<T> {
    public Ok {
      Objects.requireNonNull(value, "value == null");
    }
  }

  record Failed<T>(ProviderFailure failure) implements ProviderResult<T> {
    public Failed {
      Objects.requireNonNull(failure, "failure == null");
    }
  }

  static <T> ProviderResult<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> ProviderResult<T> failed(ProviderFailure failure) {
    return new Failed<>(failure);
  }

  static <T> ProviderResult<T> failed(FailureReason reason, String message) {
    return new Failed<>(ProviderFailure.of(reason, message));
  }

  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The value; throws {@link IllegalStateException} on a failure. */
  default T value() {
    if (this instanceof Ok<T> ok) return ok.value();
    throw new IllegalStateException("provider call failed: " + failure());
  }

  /** The failure; throws {@link IllegalStateException} on success. */
  default ProviderFailure failure() {
    if (this instanceof Failed<T> failed) return failed.failure();
    throw new IllegalStateException("provider call succeeded");
  }

  default <R> ProviderResult<R> map(Function<? super T, ? extends R> f) {
    if (this instanceof Ok<T> ok) return new Ok<>(f.apply(ok.value()));
    return new Failed<>(failure());
  }
}
