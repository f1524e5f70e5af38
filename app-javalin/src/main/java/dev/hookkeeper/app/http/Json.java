package dev.hookkeeper.app.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;

/** The API's JSON conventions in one place: snake_case names, nulls written out, bounded input. */
public final class Json {
  private Json() {}

  /** A new mapper for the API's wire records (camelCase components become snake_case). */
  public static ObjectMapper newMapper() {
    // API request bodies are small; a deep or huge document is hostile, not a mistake
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(100_000)
                    .build())
            .build();
    return JsonMapper.builder(factory)
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /**
   * Answers with {@code value} in the API's conventions, whatever JSON mapper the Javalin app has
   * (a host that mounts Hookkeeper's routes may configure its own).
   */
  static void reply(Context ctx, ObjectMapper mapper, Object value) {
    ctx.contentType("application/json").result(write(mapper, value));
  }

  static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
