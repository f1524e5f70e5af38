package dev.hookkeeper.app.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * A JSON object request body, read with precise 400s: malformed JSON, a missing field and a field
 * of the wrong type each say which. Fields are picked by hand rather than bound to a class so
 * that Jackson's lenient coercions (a number accepted as a string) never hide a client bug.
 */
final class JsonBody {
  /** API bodies are a few hundred bytes; anything near this is not a real request. */
  static final int MAX_BYTES = 64 * 1024;

  private final ObjectNode node;

  private JsonBody(ObjectNode node) {
    this.node = node;
  }

  static JsonBody parse(Context ctx, ObjectMapper mapper) {
    byte[] bytes;
    try {
      bytes = BoundedBody.read(ctx.req(), MAX_BYTES);
    } catch (BoundedBody.TooLarge e) {
      throw new ApiError(413, "payload_too_large", "request body exceeds " + MAX_BYTES + " bytes");
    } catch (IOException e) {
      throw ApiError.badRequest("invalid_json", "request body could not be read");
    }
    if (bytes.length == 0) throw ApiError.badRequest("invalid_json", "request body must be a JSON object");
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (JacksonException e) {
      throw ApiError.badRequest("invalid_json", "request body is not valid JSON");
    } catch (IOException e) {
      throw ApiError.badRequest("invalid_json", "request body could not be read");
    }
    if (!(root instanceof ObjectNode object)) {
      throw ApiError.badRequest("invalid_json", "request body must be a JSON object");
    }
    return new JsonBody(object);
  }

  /** A non-blank string field that must be present. */
  String requiredString(String field) {
    String value = optionalString(field);
    if (value == null) throw ApiError.badRequest("missing_field", "'" + field + "' is required");
    return value;
  }

  /** A string field, or {@code null} when absent or JSON null; blank counts as invalid. */
  String optionalString(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isTextual()) throw ApiError.badRequest("invalid_field", "'" + field + "' must be a string");
    String text = value.textValue();
    if (text.isBlank()) throw ApiError.badRequest("invalid_field", "'" + field + "' must not be blank");
    return text;
  }
}
