package dev.hookkeeper.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundEnvelope;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.MalformedPayloadException;
import dev.hookkeeper.core.testkit.ScriptedInboundDecoder;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kit's {@link ScriptedInboundDecoder} (headers, real HMAC-SHA256 over the raw body in constant
 * time) reading real {@code workflow_run} payloads, for persistence tests and the ingest benchmark
 * (the real GitHub decoder lives in adapter-github, which this module must not depend on): a
 * streaming parse that picks only the fields a {@link DomainEvent.WorkflowRunChanged} needs. Every
 * other event is an UnknownEvent.
 */
final class WorkflowRunTestDecoder implements InboundDecoder {
  static final String EVENT = ScriptedInboundDecoder.EVENT;
  static final String DELIVERY = ScriptedInboundDecoder.DELIVERY;
  static final String HOOK_ID = ScriptedInboundDecoder.HOOK;
  static final String SIGNATURE = ScriptedInboundDecoder.SIGNATURE;

  private static final JsonFactory JSON = new JsonFactory();

  private final ScriptedInboundDecoder signed =
      new ScriptedInboundDecoder(Provider.GITHUB, WorkflowRunTestDecoder::read);

  /** The {@link #SIGNATURE} header value for {@code body} under {@code secret}. */
  static String sign(Secret secret, byte[] body) {
    return ScriptedInboundDecoder.sign(secret, body);
  }

  @Override
  public Provider provider() {
    return signed.provider();
  }

  @Override
  public InboundEnvelope envelope(Headers headers) {
    return signed.envelope(headers);
  }

  @Override
  public SignatureCheck verify(Headers headers, byte[] body, List<Secret> acceptedSecrets) {
    return signed.verify(headers, body, acceptedSecrets);
  }

  @Override
  public DecodedEvent decode(Headers headers, byte[] body) {
    return signed.decode(headers, body);
  }

  private static DecodedEvent read(String event, byte[] body) {
    if (!event.equals("workflow_run"))
      return new DecodedEvent(event, null, null, new DomainEvent.UnknownEvent(event));
    try (JsonParser p = JSON.createParser(body)) {
      return workflowRun(p);
    } catch (IOException | RuntimeException e) {
      throw new MalformedPayloadException("not a workflow_run payload: " + e.getMessage());
    }
  }

  private static DecodedEvent workflowRun(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not an object");
    String action = null;
    Run run = null;
    ProviderRepoRef repo = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("action") && value == JsonToken.VALUE_STRING) {
        action = p.getText();
      } else if (field.equals("workflow_run") && value == JsonToken.START_OBJECT) {
        run = run(p);
      } else if (field.equals("repository") && value == JsonToken.START_OBJECT) {
        repo = repository(p);
      } else {
        p.skipChildren();
      }
    }
    if (run == null) throw new IOException("no workflow_run");
    // the rig sends one fixture to many repositories: the payload's repository is parsed (its cost
    // is part of the measurement) but not reported, so ingest does not hold it against the hook
    return new DecodedEvent(
        "workflow_run",
        action,
        null,
        new DomainEvent.WorkflowRunChanged(run.snapshot(), List.of()));
  }

  private static Run run(JsonParser p) throws IOException {
    Run r = new Run();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "id" -> r.id = p.getLongValue();
        case "run_attempt" -> r.attempt = p.getIntValue();
        case "workflow_id" -> r.workflowId = p.getLongValue();
        case "name" -> r.name = p.getText();
        case "run_number" -> r.number = p.getLongValue();
        case "head_branch" -> r.branch = value == JsonToken.VALUE_NULL ? "" : p.getText();
        case "head_sha" -> r.sha = p.getText();
        case "status" -> r.status = p.getText();
        case "conclusion" -> r.conclusion = value == JsonToken.VALUE_NULL ? null : p.getText();
        case "html_url" -> r.url = p.getText();
        case "event" -> r.trigger = p.getText();
        case "created_at" -> r.createdAt = Instant.parse(p.getText());
        case "updated_at" -> r.updatedAt = Instant.parse(p.getText());
        case "pull_requests" -> r.pullRequests = pullRequests(p);
        default -> p.skipChildren();
      }
    }
    return r;
  }

  private static List<Long> pullRequests(JsonParser p) throws IOException {
    List<Long> numbers = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("number")) numbers.add(p.getLongValue());
        else p.skipChildren();
      }
    }
    return numbers;
  }

  private static ProviderRepoRef repository(JsonParser p) throws IOException {
    long id = 0;
    String fullName = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("id")) id = p.getLongValue();
      else if (field.equals("full_name")) fullName = p.getText();
      else p.skipChildren();
    }
    return new ProviderRepoRef(id, fullName);
  }

  /** The run fields as read, before validation. */
  private static final class Run {
    long id;
    int attempt = 1;
    long workflowId;
    String name = "";
    long number;
    String branch = "";
    String sha;
    String status;
    String conclusion;
    String url;
    String trigger = "";
    Instant createdAt;
    Instant updatedAt;
    List<Long> pullRequests = List.of();

    RunSnapshot snapshot() {
      RunStatus runStatus = RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
      RunConclusion runConclusion =
          conclusion == null
              ? RunConclusion.NONE
              : RunConclusion.valueOf(conclusion.toUpperCase(Locale.ROOT));
      return new RunSnapshot(
          id,
          attempt,
          Long.toString(workflowId),
          name,
          number,
          branch,
          sha,
          runStatus,
          runConclusion,
          url,
          trigger,
          createdAt,
          updatedAt,
          pullRequests);
    }
  }
}
