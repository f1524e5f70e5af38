package dev.hookkeeper.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deliveries send FILE}: posts a payload as the provider would, signed with the hook's
 * secret, for local development (like Probot's {@code receive}). Prints the answer; exit status 0
 * for a 2xx. The secret is never printed.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Sign FILE with the hook's secret and POST it to URL with the headers GitHub or GitLab send.",
      "Exit status 0 when the receiver answers 2xx."
    })
final class SendDeliveryCommand implements Callable<Integer> {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** GitHub's own limit for a payload; a larger file is not a delivery. */
  private static final long MAX_BYTES = 25L * 1024 * 1024;

  private static final int MAX_ANSWER = 2000;

  private final CliContext context;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      description = "The JSON payload, e.g. a recorded delivery's body.")
  Path file;

  @Option(
      names = "--provider",
      required = true,
      paramLabel = "github|gitlab",
      description = "Whose delivery to imitate.")
  String provider;

  @Option(
      names = "--event",
      required = true,
      paramLabel = "E",
      description =
          "The event header's value: workflow_run, push, … (GitHub); Pipeline Hook, Job Hook, … (GitLab).")
  String event;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "Where to post, e.g. http://127.0.0.1:8080/api/v2/webhooks/github.")
  String url;

  @Option(
      names = "--secret",
      required = true,
      paramLabel = "S",
      description = "The hook's secret: GitHub's HMAC key, GitLab's token.")
  String secret;

  @Option(
      names = "--hook-id",
      paramLabel = "N",
      description = "GitHub's X-GitHub-Hook-ID (the hook's id).")
  Long hookId;

  @Option(
      names = "--delivery-id",
      paramLabel = "ID",
      description = "Reuse a delivery id, as a redelivery does (default: a new UUID).")
  String deliveryId;

  SendDeliveryCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!provider.equals("github") && !provider.equals("gitlab")) {
      throw new ParameterException(
          spec.commandLine(), "--provider must be github or gitlab, got '" + provider + "'");
    }
    if (hookId != null && provider.equals("gitlab")) {
      throw new ParameterException(
          spec.commandLine(), "--hook-id is GitHub's X-GitHub-Hook-ID; GitLab sends none");
    }
    HttpUrl target = HttpUrl.parse(url);
    if (target == null)
      throw new ParameterException(
          spec.commandLine(), "--url must be an http(s) URL, got '" + url + "'");
    byte[] body = read();
    Map<String, String> headers =
        ProviderDelivery.headers(provider, event, body, secret, hookId, deliveryId);
    Request.Builder request =
        new Request.Builder()
            .url(target)
            .post(RequestBody.create(body, MediaType.get("application/json")));
    headers.forEach(request::header);
    context
        .out()
        .println(
            "POST "
                + target
                + " ("
                + provider
                + " "
                + event
                + ", delivery "
                + ProviderDelivery.deliveryId(headers)
                + ", "
                + body.length
                + " bytes)");
    OkHttpClient client =
        new OkHttpClient.Builder().callTimeout(TIMEOUT).retryOnConnectionFailure(false).build();
    try (Response response = client.newCall(request.build()).execute()) {
      String answer = response.body().string();
      context
          .out()
          .println(
              response.code()
                  + " "
                  + (answer.length() > MAX_ANSWER
                      ? answer.substring(0, MAX_ANSWER) + "…"
                      : answer));
      return response.isSuccessful() ? 0 : HookkeeperCli.FAILED;
    } catch (IOException e) {
      context.err().println("deliveries send: no answer from " + target + ": " + e.getMessage());
      return HookkeeperCli.FAILED;
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private byte[] read() {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ParameterException(
            spec.commandLine(), file + " is larger than 25 MB, GitHub's limit for a payload");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "no such file: " + file);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
    }
  }
}
