package dev.hookkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the real api.github.com exchanges recorded by hub4j/github-api (fixtures
 * api/recorded/**): each recorded answer is served as recorded, the client's request must match
 * the recorded request (method, path, Accept, body), and the answer must parse.
 */
class GitHubRecordedExchangesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Secret TOKEN = Secret.of("ghp_recorded_exchange_token");
  private static final ProviderRepoRef REPO = new ProviderRepoRef(206888201L, "hub4j-test-org/github-api");
  private static final HookSpec SPEC = new HookSpec("http://www.google.com/", Secret.of("s3cr3t"), List.of("push"));

  private final ApiServer api = new ApiServer();

  @AfterEach
  void stop() {
    api.close();
  }

  static Stream<String> mappings() {
    return Fixtures.all().stream().filter(f -> f.startsWith("api/recorded/") && f.contains("/mappings/"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappings")
  void replays_a_recorded_exchange(String mapping) throws Exception {
    JsonNode m = MAPPER.readTree(Fixtures.bytes(mapping));
    JsonNode request = m.get("request");
    String method = request.get("method").asText();
    String path = request.get("url").asText();
    api.enqueue(recordedResponse(mapping, m.get("response")));
    int status = m.at("/response/status").asInt();

    ProviderResult<?> result = perform(method, path, status);

    RecordedRequest sent = api.take();
    assertThat(sent.getMethod()).isEqualTo(method);
    assertThat(sent.getUrl().encodedPath()).isEqualTo(path);
    assertThat(sent.getHeaders().get("Accept")).isEqualTo(request.at("/headers/Accept/equalTo").asText());
    for (JsonNode pattern : request.path("bodyPatterns")) {
      JsonNode recorded = MAPPER.readTree(pattern.get("equalToJson").asText());
      // ours says more (events, json, secret) but never contradicts what was recorded
      assertContains(MAPPER.readTree(sent.getBody().utf8()), recorded);
    }
    assertOutcome(method, path, status, result);
  }

  private ProviderResult<?> perform(String method, String path, int status) {
    String[] parts = path.split("/");
    String hookId = parts.length > 5 ? parts[5] : null;
    if (method.equals("POST") && path.endsWith("/hooks")) return api.client.createHook(TOKEN, REPO, SPEC);
    if (method.equals("POST") && path.endsWith("/pings")) return api.client.ping(TOKEN, REPO, hookId);
    if (method.equals("DELETE")) return api.client.deleteHook(TOKEN, REPO, hookId);
    if (method.equals("GET") && path.endsWith("/hooks")) return api.client.listHooks(TOKEN, REPO);
    if (method.equals("GET") && hookId != null) {
      // a 404 is told apart from lost rights by one read of the repository: still visible, still admin
      if (status == 404) {
        api.enqueue(ApiServer.json(200, "{\"id\":1,\"full_name\":\"hub4j-test-org/github-api\",\"private\":false,"
            + "\"default_branch\":\"main\",\"permissions\":{\"admin\":true,\"push\":true,\"pull\":true}}"));
      }
      return api.client.getHook(TOKEN, REPO, hookId);
    }
    throw new AssertionError("no client operation for " + method + " " + path);
  }

  private static void assertOutcome(String method, String path, int status, ProviderResult<?> result) {
    if (status == 404) {
      assertThat(result.failure().reason()).isEqualTo(FailureReason.HOOK_NOT_FOUND);
      return;
    }
    Object value = result.value();
    if (method.equals("POST") && path.endsWith("/hooks")) {
      ProviderHook hook = (ProviderHook) value;
      assertThat(hook.providerHookId()).matches("31983395[13]");
      assertThat(hook.url()).isEqualTo("http://www.google.com/");
      assertThat(hook.contentType()).isEqualTo("form");
      assertThat(hook.events()).containsExactly("push");
    } else if (method.equals("DELETE")) {
      assertThat(value).isEqualTo(ProviderHooksApi.DeleteOutcome.DELETED);
    } else if (path.endsWith("/pings")) {
      assertThat(value).isEqualTo(ProviderHooksApi.PingOutcome.SENT);
    } else if (path.endsWith("/hooks")) {
      assertThat((List<?>) value).isEmpty();
    } else {
      assertThat(((ProviderHook) value).providerHookId()).isEqualTo("319833951");
    }
  }

  private static MockResponse.Builder recordedResponse(String mapping, JsonNode response) {
    MockResponse.Builder b = new MockResponse.Builder().code(response.get("status").asInt());
    for (Map.Entry<String, JsonNode> h : response.path("headers").properties()) {
      if (h.getValue().isArray()) {
        for (JsonNode v : h.getValue()) b.addHeader(h.getKey(), v.asText());
      } else {
        b.addHeader(h.getKey(), h.getValue().asText());
      }
    }
    if (response.hasNonNull("bodyFileName")) {
      String dir = mapping.substring(0, mapping.indexOf("/mappings/"));
      b.body(Fixtures.text(dir + "/__files/" + response.get("bodyFileName").asText()));
    } else if (response.hasNonNull("body")) {
      b.body(response.get("body").asText());
    }
    return b;
  }

  private static void assertContains(JsonNode actual, JsonNode expected) {
    if (expected.isObject()) {
      expected.properties().forEach(e -> {
        assertThat(actual.has(e.getKey())).as("request body has %s", e.getKey()).isTrue();
        assertContains(actual.get(e.getKey()), e.getValue());
      });
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }
}
