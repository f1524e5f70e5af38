package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One answer of the simulated API: status, headers, JSON body (empty for 204). */
record SimReply(int status, Map<String, String> headers, byte[] body) {

  static SimReply json(int status, Map<String, String> headers, JsonNode body) {
    return new SimReply(status, headers, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  static SimReply empty(int status, Map<String, String> headers) {
    return new SimReply(status, headers, new byte[0]);
  }

  static SimReply notFound(Map<String, String> headers) {
    return json(404, headers, SimJson.notFound());
  }
}
