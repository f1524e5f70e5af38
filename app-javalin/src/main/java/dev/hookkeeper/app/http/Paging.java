package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.PageRequest;
import io.javalin.http.Context;
import java.util.function.Supplier;

/** {@code ?limit=&cursor=} for every list. */
final class Paging {
  private static final int MAX_CURSOR = 512;

  private Paging() {}

  static PageRequest from(Context ctx) {
    String limitParam = ctx.queryParam("limit");
    int limit = PageRequest.DEFAULT_LIMIT;
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam.trim());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
        throw ApiError.badRequest("invalid_parameter",
            "'limit' must be an integer between 1 and " + PageRequest.MAX_LIMIT);
      }
    }
    String cursor = ctx.queryParam("cursor");
    if (cursor != null && (cursor.isBlank() || cursor.length() > MAX_CURSOR)) {
      throw ApiError.badRequest("invalid_parameter", "'cursor' must be a value from a previous next_cursor");
    }
    return new PageRequest(cursor, limit);
  }

  /**
   * Runs a list call; a cursor the store cannot read (stores throw IllegalArgumentException for
   * one) is the caller's mistake, a 400, not a 500. Without a cursor the exception is a bug and
   * propagates.
   */
  static <T> T list(PageRequest page, Supplier<T> call) {
    try {
      return call.get();
    } catch (IllegalArgumentException e) {
      if (page.cursor() == null) throw e;
      throw ApiError.badRequest("invalid_parameter", "'cursor' must be a value from a previous next_cursor");
    }
  }
}
