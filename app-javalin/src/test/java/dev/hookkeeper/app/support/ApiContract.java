package dev.hookkeeper.app.support;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The server's OpenAPI description ({@code api/openapi.json}, the file the server serves), read
 * with swagger-parser, and every answer to an {@code /api/v2} request checked against it: the
 * operation must describe the status, the content type must be one it lists, and a JSON body must
 * match the response's schema (json-schema-validator, OpenAPI 3.1 dialect). {@link Http} runs the
 * check on every answer, so each end-to-end test holds the description true for what it sees.
 *
 * <p>Every response schema is a {@code $ref} into {@code components/schemas}: the validator loads
 * it by that pointer into the one document, so the schemas it checks are exactly the served ones.
 */
public final class ApiContract {
  /** Where the served file is on the classpath (app-javalin's main resources). */
  public static final String RESOURCE = "/api/openapi.json";

  private static final String BASE_IRI = "https://hookkeeper.invalid/api/openapi.json";
  private static final String SCHEMA_PREFIX = "#/components/schemas/";
  private static final String RESPONSE_PREFIX = "#/components/responses/";
  private static final String API_PREFIX = "/api/v2/";

  private static volatile ApiContract served;

  private final OpenAPI api;
  private final List<Route> routes;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  private ApiContract(String document) {
    ParseOptions options = new ParseOptions();
    options.setResolve(false);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
    if (parsed.getOpenAPI() == null || !parsed.getMessages().isEmpty()) {
      throw new IllegalStateException(
          "the OpenAPI description does not parse: " + parsed.getMessages());
    }
    this.api = parsed.getOpenAPI();
    this.routes = routesOf(api);
    this.registry =
        SchemaRegistry.withDialect(
            Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(BASE_IRI, document)));
  }

  /** The description the server serves. */
  public static ApiContract served() {
    ApiContract contract = served;
    if (contract == null) {
      synchronized (ApiContract.class) {
        if (served == null) served = new ApiContract(servedDocument());
        contract = served;
      }
    }
    return contract;
  }

  /** Another description, e.g. one a test altered to prove that the check catches a mismatch. */
  public static ApiContract of(String document) {
    return new ApiContract(document);
  }

  public static String servedDocument() {
    try (InputStream in = ApiContract.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is not on the test classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public OpenAPI openApi() {
    return api;
  }

  /** Every operation as {@code "METHOD /path"}, as the server's route list names them. */
  public List<String> operations() {
    return routes.stream().map(r -> r.method() + " " + r.template()).toList();
  }

  /** Whether {@code path} (raw, without query) is one the description must account for. */
  public static boolean covers(String path) {
    return path.startsWith(API_PREFIX);
  }

  /**
   * What is wrong with an answer, empty when it matches.
   *
   * @param contentType the response's {@code Content-Type}, or {@code null}
   */
  public List<String> problems(
      String method, String path, int status, String contentType, String body) {
    Optional<Route> route = route(method.toUpperCase(Locale.ROOT), path);
    if (route.isEmpty()) {
      // no such operation: the server's answer is its generic error (404 not_found, 405)
      if (status < 400)
        return List.of("no operation in the description matches " + method + " " + path);
      return jsonAgainst(SCHEMA_PREFIX + "Error", contentType, body);
    }
    Operation operation = route.get().operation();
    ApiResponse response =
        operation.getResponses() == null
            ? null
            : operation.getResponses().get(Integer.toString(status));
    if (response == null) {
      return List.of(
          "operation "
              + operation.getOperationId()
              + " does not describe status "
              + status
              + " (it describes "
              + (operation.getResponses() == null ? "none" : operation.getResponses().keySet())
              + ")");
    }
    response = resolve(response);
    if (response.getContent() == null || response.getContent().isEmpty()) {
      return body == null || body.isEmpty()
          ? List.of()
          : List.of(
              "status "
                  + status
                  + " of "
                  + operation.getOperationId()
                  + " is described without a body, got one");
    }
    String type = mediaType(contentType);
    MediaType media = response.getContent().get(type);
    if (media == null) {
      return List.of(
          "status "
              + status
              + " of "
              + operation.getOperationId()
              + " is described as "
              + response.getContent().keySet()
              + ", got Content-Type "
              + contentType);
    }
    if (!type.equals("application/json")) return List.of();
    String ref = media.getSchema() == null ? null : media.getSchema().get$ref();
    if (ref == null || !ref.startsWith(SCHEMA_PREFIX)) {
      return List.of(
          "status "
              + status
              + " of "
              + operation.getOperationId()
              + ": a JSON response's schema must be a $ref into components/schemas");
    }
    return validate(ref, body);
  }

  private List<String> jsonAgainst(String ref, String contentType, String body) {
    if (!"application/json".equals(mediaType(contentType))) {
      return List.of("an error answer must be application/json, got Content-Type " + contentType);
    }
    return validate(ref, body);
  }

  private List<String> validate(String ref, String body) {
    Schema schema =
        schemas.computeIfAbsent(
            ref,
            r -> {
              Schema loaded = registry.getSchema(SchemaLocation.of(BASE_IRI + r));
              loaded.initializeValidators();
              return loaded;
            });
    List<Error> errors;
    try {
      errors = schema.validate(body == null ? "" : body, InputFormat.JSON);
    } catch (RuntimeException e) {
      return List.of("the body is not JSON (" + e.getClass().getSimpleName() + ")");
    }
    List<String> problems = new ArrayList<>();
    for (Error e : errors)
      problems.add(e.getInstanceLocation() + ": " + e.getMessage() + " (" + ref + ")");
    return problems;
  }

  private ApiResponse resolve(ApiResponse response) {
    String ref = response.get$ref();
    if (ref == null) return response;
    if (!ref.startsWith(RESPONSE_PREFIX))
      throw new IllegalStateException("unsupported response $ref " + ref);
    ApiResponse target =
        api.getComponents().getResponses().get(ref.substring(RESPONSE_PREFIX.length()));
    if (target == null) throw new IllegalStateException("dangling response $ref " + ref);
    return target;
  }

  private Optional<Route> route(String method, String path) {
    return routes.stream()
        .filter(r -> r.method().equals(method) && r.pattern().matcher(path).matches())
        .min(Comparator.comparingInt(Route::parameters));
  }

  private static String mediaType(String contentType) {
    return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  private static List<Route> routesOf(OpenAPI api) {
    List<Route> routes = new ArrayList<>();
    api.getPaths()
        .forEach(
            (template, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> routes.add(Route.of(method, template, operation))));
    return List.copyOf(routes);
  }

  /** One operation, with its path template as a pattern over raw paths. */
  private record Route(
      String method, String template, Pattern pattern, int parameters, Operation operation) {
    static Route of(PathItem.HttpMethod method, String template, Operation operation) {
      StringBuilder regex = new StringBuilder();
      int parameters = 0;
      for (String part : template.split("(?=\\{)|(?<=\\})")) {
        if (part.startsWith("{") && part.endsWith("}")) {
          regex.append("[^/]+");
          parameters++;
        } else {
          regex.append(Pattern.quote(part));
        }
      }
      return new Route(
          method.name(), template, Pattern.compile(regex.toString()), parameters, operation);
    }
  }
}
