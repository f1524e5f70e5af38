package dev.hookkeeper.app.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request that ends in a 4xx/503 with a JSON body {@code {"error": code, "message": text}};
 * thrown from a route, rendered once by {@link ErrorHandlers}. Carries no stack trace: it is a
 * normal outcome, not a bug.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient Map<String, String> headers;
  private final transient List<String> repositories;

  public ApiError(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public ApiError(int status, String code, String message, Map<String, String> headers) {
    this(status, code, message, headers, null);
  }

  private ApiError(int status, String code, String message, Map<String, String> headers, List<String> repositories) {
    super(message, null, false, false);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code == null");
    this.headers = Map.copyOf(headers);
    this.repositories = repositories == null ? null : List.copyOf(repositories);
  }

  /** A 409 that names the repositories in the way, in a {@code repositories} field of the body. */
  static ApiError conflict(String code, String message, List<String> repositories) {
    return new ApiError(409, code, message, Map.of(), Objects.requireNonNull(repositories, "repositories == null"));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The repositories a conflict names; {@code null} for every other error. */
  List<String> repositories() {
    return repositories;
  }

  static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  static ApiError notFound(String code, String message) {
    return new ApiError(404, code, message);
  }

  static ApiError unauthenticated(String message) {
    return new ApiError(401, "unauthenticated", message);
  }
}
