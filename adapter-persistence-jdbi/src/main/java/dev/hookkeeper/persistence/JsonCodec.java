package dev.hookkeeper.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON for the jsonb columns (delivery headers, notification data). */
final class JsonCodec {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, List<String>>> HEADERS =
      new TypeReference<>() {};

  private JsonCodec() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "value is not JSON-compatible: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A delivery's headers as a JSON object of string arrays. Written by hand: it runs for every
   * delivery on the append writer, which every acknowledgement waits for, and the general
   * serializer cost several times as much (type and serializer lookups per value).
   */
  static String writeHeaders(Map<String, List<String>> headers) {
    JsonStringEncoder quote = JsonStringEncoder.getInstance();
    StringBuilder json = new StringBuilder(512).append('{');
    boolean firstName = true;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (!firstName) json.append(',');
      firstName = false;
      json.append('"').append(quote.quoteAsString(header.getKey())).append("\":[");
      boolean firstValue = true;
      for (String value : header.getValue()) {
        if (!firstValue) json.append(',');
        firstValue = false;
        json.append('"').append(quote.quoteAsString(value)).append('"');
      }
      json.append(']');
    }
    return json.append('}').toString();
  }

  static Map<String, Object> readObject(String json) {
    return read(json, OBJECT);
  }

  static Map<String, List<String>> readHeaders(String json) {
    return read(json, HEADERS);
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON does not parse: " + e.getOriginalMessage(), e);
    }
  }
}
