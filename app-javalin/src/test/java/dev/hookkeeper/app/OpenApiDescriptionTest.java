package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.app.support.ApiContract;
import dev.hookkeeper.app.support.Http;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI description against the server: the same routes both ways, served as the file it is,
 * and the response check that every end-to-end test runs through {@link Http} catches what it must.
 */
class OpenApiDescriptionTest {
  private static final String SCHEMAS = "#/components/schemas/";
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void describes_exactly_the_api_routes_the_server_registers() {
    List<String> registered =
        app.server.routes().stream().filter(r -> ApiContract.covers(r.split(" ", 2)[1])).toList();
    List<String> described = ApiContract.served().operations();
    assertThat(registered)
        .as("the server's /api/v2 routes")
        .contains(
            "GET /api/v2/repositories",
            "POST /api/v2/webhooks/github",
            "GET /api/v2/events",
            "GET /api/v2/openapi.json");
    assertThat(described)
        .as("operations in the description but not registered by the server")
        .isSubsetOf(registered);
    assertThat(registered)
        .as(
            "routes the server registers but the description lacks (add a path item to "
                + ApiContract.RESOURCE
                + ")")
        .isSubsetOf(described);
    assertThat(described).doesNotHaveDuplicates().hasSameSizeAs(registered);
  }

  @Test
  void is_openapi_3_1_and_every_operation_describes_its_errors_with_the_json_error_body() {
    OpenAPI api = ApiContract.served().openApi();
    assertThat(api.getSpecVersion()).isEqualTo(SpecVersion.V31);
    assertThat(api.getOpenapi()).startsWith("3.1.");
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> entry :
          path.getValue().readOperationsMap().entrySet()) {
        problems.addAll(problemsOf(api, entry.getKey() + " " + path.getKey(), entry.getValue()));
      }
    }
    assertThat(problems).isEmpty();
  }

  /** 500 everywhere, 401 wherever credentials are needed, errors as the shared error body. */
  private static List<String> problemsOf(OpenAPI api, String name, Operation op) {
    List<String> problems = new ArrayList<>();
    if (!op.getResponses().containsKey("500")) problems.add(name + " lacks 500");
    boolean isPublic = op.getSecurity() != null && op.getSecurity().isEmpty();
    if (!isPublic && !op.getResponses().containsKey("401")) problems.add(name + " lacks 401");
    for (Map.Entry<String, ApiResponse> response : op.getResponses().entrySet()) {
      String status = response.getKey();
      Content content = resolve(api, response.getValue()).getContent();
      MediaType json = content == null ? null : content.get("application/json");
      if (json == null) continue;
      String ref = json.getSchema() == null ? null : json.getSchema().get$ref();
      if (ref == null) {
        problems.add(name + " " + status + ": the JSON schema is not a $ref");
      } else if (status.startsWith("4") || status.startsWith("5")) {
        Schema<?> schema = api.getComponents().getSchemas().get(ref.substring(SCHEMAS.length()));
        boolean errorBody =
            ref.equals(SCHEMAS + "Error")
                || schema.getAllOf() != null
                    && schema.getAllOf().stream()
                        .anyMatch(s -> (SCHEMAS + "Error").equals(s.get$ref()));
        if (!errorBody) problems.add(name + " " + status + ": " + ref + " is not the error body");
      }
    }
    return problems;
  }

  @Test
  void is_served_publicly_as_the_file_it_is_and_cacheable() {
    Reply r = app.http.get("/api/v2/openapi.json", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=3600");
    assertThat(r.body()).isEqualTo(ApiContract.servedDocument());
    String etag = r.header("ETag");
    assertThat(etag).matches("\"[0-9a-f]{64}\"");

    Reply again =
        app.http.send(
            app.http.request("/api/v2/openapi.json", null).header("If-None-Match", etag).GET());
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    Reply stale =
        app.http.send(
            app.http
                .request("/api/v2/openapi.json", null)
                .header("If-None-Match", "\"old\"")
                .GET());
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.body().getBytes(StandardCharsets.UTF_8))
        .hasSize(ApiContract.servedDocument().getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void the_check_accepts_what_matches_and_names_what_does_not() {
    ApiContract contract = ApiContract.served();
    String user = "{\"id\":\"usr_1\",\"name\":\"dora\",\"api_token\":\"hk_x\"}";
    assertThat(contract.problems("POST", "/api/v2/admin/users", 201, "application/json", user))
        .isEmpty();
    assertThat(
            contract.problems(
                "POST",
                "/api/v2/admin/users",
                201,
                "application/json",
                "{\"id\":\"usr_1\",\"name\":\"dora\"}"))
        .singleElement()
        .asString()
        .contains("api_token");
    assertThat(
            contract.problems(
                "POST",
                "/api/v2/admin/users",
                201,
                "application/json",
                "{\"id\":\"usr_1\",\"name\":42,\"api_token\":\"hk_x\"}"))
        .singleElement()
        .asString()
        .contains("/name");
    assertThat(
            contract.problems(
                "POST",
                "/api/v2/admin/users",
                201,
                "application/json",
                user.replace("}", ",\"secret\":\"s\"}")))
        .singleElement()
        .asString()
        .contains("secret");
    assertThat(contract.problems("POST", "/api/v2/admin/users", 200, "application/json", user))
        .singleElement()
        .asString()
        .contains("does not describe status 200");
    assertThat(contract.problems("POST", "/api/v2/admin/users", 201, "text/html", "<p>hi</p>"))
        .singleElement()
        .asString()
        .contains("Content-Type text/html");
    assertThat(
            contract.problems("POST", "/api/v2/admin/users", 201, "application/json", "not json"))
        .isNotEmpty();

    String notFound =
        "{\"error\":\"repository_not_found\",\"message\":\"no connected repository with that id\"}";
    assertThat(
            contract.problems(
                "GET",
                "/api/v2/repositories/conn_1/webhook/status",
                404,
                "application/json",
                notFound))
        .isEmpty();
    assertThat(
            contract.problems(
                "GET",
                "/api/v2/repositories/conn_1/webhook/status",
                404,
                "application/json",
                notFound.replace("repository_not_found", "gone")))
        .singleElement()
        .asString()
        .contains("/error");
    assertThat(
            contract.problems(
                "GET",
                "/api/v2/repositories/conn_1/webhook/status",
                404,
                "application/json",
                "{\"error\":\"repository_not_found\",\"message\":\"x\",\"trace\":\"at Foo.bar\"}"))
        .isNotEmpty();
    assertThat(
            contract.problems(
                "GET",
                "/api/v2/nothing-here",
                404,
                "application/json",
                "{\"error\":\"not_found\",\"message\":\"x\"}"))
        .isEmpty();
    assertThat(contract.problems("GET", "/api/v2/nothing-here", 200, "application/json", "{}"))
        .isNotEmpty();
    assertThat(contract.problems("GET", "/api/v2/events", 200, "text/event-stream", "")).isEmpty();
    assertThat(contract.problems("GET", "/api/v2/events", 200, "application/json", "{}"))
        .isNotEmpty();
  }

  @Test
  void an_answer_that_does_not_match_the_description_fails_the_test_that_received_it() {
    String served = ApiContract.servedDocument();
    String altered = served.replace("\"pattern\": \"^usr_\"", "\"pattern\": \"^user_\"");
    assertThat(altered).isNotEqualTo(served);
    Http strict = new Http(app.url(), ApiContract.of(altered));

    assertThatThrownBy(
            () -> strict.post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": \"eve\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("POST /api/v2/admin/users does not match the OpenAPI description")
        .hasMessageContaining("/id: does not match the regex pattern ^user_")
        .hasMessageContaining("#/components/schemas/CreatedUser");
    // the same request checked against the served description passes
    assertThat(
            app.http
                .post("/api/v2/admin/users", TestApp.ADMIN_TOKEN, "{\"name\": \"eve2\"}")
                .status())
        .isEqualTo(201);
    // a status the operation does not describe fails too
    String withoutUnauthenticated =
        served.replaceFirst(
            "\"401\": \\{\\s*\"\\$ref\": \"#/components/responses/Unauthenticated\"\\s*},", "");
    assertThat(withoutUnauthenticated).isNotEqualTo(served);
    Http lacking = new Http(app.url(), ApiContract.of(withoutUnauthenticated));
    assertThatThrownBy(
            () ->
                lacking.send(
                    lacking
                        .request("/api/v2/admin/users", null)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("does not describe status 401");
  }

  private static ApiResponse resolve(OpenAPI api, ApiResponse response) {
    String ref = response.get$ref();
    return ref == null
        ? response
        : api.getComponents().getResponses().get(ref.substring("#/components/responses/".length()));
  }
}
