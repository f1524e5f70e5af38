package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
  @Test
  void headers_written_by_hand_read_back_as_they_were_and_match_the_general_writer() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("x-github-event", List.of("workflow_run"));
    headers.put(
        "x-odd",
        List.of("quote \" backslash \\ tab \t newline \n nul \u0000 bell \u0007", "é ☃ 😀"));
    headers.put("x-empty", List.of());
    headers.put("x-\"name\"", List.of(""));

    String json = JsonCodec.writeHeaders(headers);

    assertThat(JsonCodec.readHeaders(json)).isEqualTo(headers);
    assertThat(json).isEqualTo(JsonCodec.write(headers));
    assertThat(JsonCodec.writeHeaders(Map.of())).isEqualTo("{}");
  }
}
