package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One API request, read fully before the state lock is taken. */
record SimRequest(String method, List<String> path, Map<String, String> query, String rawQuery, byte[] body,
    String authorization) {

  static SimRequest of(String method, String rawPath, String rawQuery, byte[] body, String authorization) {
    return new SimRequest(method.toUpperCase(Locale.ROOT), segments(rawPath), query(rawQuery), rawQuery, body, authorization);
  }

  boolean is(String m) {
    return method.equals(m);
  }

  /** The body as JSON; an empty body is an empty object; {@code null} when it is not JSON. */
  JsonNode json() {
    if (body.length == 0) return SimJson.MAPPER.createObjectNode();
    try {
      return SimJson.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  int intParam(String name, int dflt, int max) {
    String value = query.get(name);
    if (value == null || !value.matches("[0-9]{1,9}")) return dflt;
    int v = Integer.parseInt(value);
    return v < 1 ? dflt : Math.min(v, max);
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null) return out;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
