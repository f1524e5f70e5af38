package dev.hookkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.MalformedPayloadException;
import dev.hookkeeper.core.testkit.DecoderCalls;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GitHubInboundDecoderTest {
  private final GitHubInboundDecoder decoder = new GitHubInboundDecoder();

  /** Every fixture that is a webhook payload (the rest of api/ are REST answers, see FixtureCoverageTest). */
  static Stream<String> payloadFixtures() {
    return Fixtures.all().stream().filter(FixtureCoverageTest::isPayload);
  }

  private static InboundRequest request(String event, byte[] body, String... extraHeaders) {
    String[] h = new String[extraHeaders.length + 6];
    h[0] = "X-GitHub-Event";
    h[1] = event;
    h[2] = "X-GitHub-Delivery";
    h[3] = "0b989ba4-242f-11e5-81e1-c7b6966d2516";
    h[4] = "X-GitHub-Hook-ID";
    h[5] = "42";
    System.arraycopy(extraHeaders, 0, h, 6, extraHeaders.length);
    return new InboundRequest(Headers.single(h), body, "127.0.0.1", Instant.EPOCH);
  }

  private DecodedEvent decode(String fixture) {
    return DecoderCalls.decode(decoder, request(Fixtures.eventOf(fixture), Fixtures.bytes(fixture)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloadFixtures")
  void decodes_every_real_payload(String fixture) {
    DecodedEvent decoded = decode(fixture);
    assertThat(decoded.event()).isEqualTo(Fixtures.eventOf(fixture));
    DomainEvent meaning = decoded.meaning();
    String expected;
    switch (decoded.event()) {
      case "workflow_run": expected = "WorkflowRunChanged"; break;
      case "workflow_job": expected = "WorkflowJobChanged"; break;
      case "pull_request": expected = "PullRequestChanged"; break;
      case "push": expected = "Pushed"; break;
      case "ping": expected = "Ping"; break;
      case "meta": expected = "HookDeleted"; break;
      case "repository": expected = "RepositoryRenamed"; break;
      case "check_run": expected = "completed".equals(decoded.action()) ? "CheckRunCompleted" : "UnknownEvent"; break;
      default: expected = "UnknownEvent";
    }
    assertThat(meaning.getClass().getSimpleName()).isEqualTo(expected);
    if (meaning instanceof DomainEvent.UnknownEvent) {
      assertThat(((DomainEvent.UnknownEvent) meaning).event()).isEqualTo(decoded.event());
    }
    // every payload with a repository names it by stable id and full name
    if (decoded.repository() != null) {
      assertThat(decoded.repository().providerRepoId()).isPositive();
      assertThat(decoded.repository().fullName()).contains("/");
    }
  }

  @Test
  void decodes_a_completed_workflow_run_field_by_field() {
    DecodedEvent d = decode("workflow_run/completed.json");
    assertThat(d.action()).isEqualTo("completed");
    assertThat(d.repository()).isEqualTo(new ProviderRepoRef(300029405L, "octo-org/octo-repo"));
    RunSnapshot run = ((DomainEvent.WorkflowRunChanged) d.meaning()).run();
    assertThat(run.providerRunId()).isEqualTo(289782451L);
    assertThat(run.attempt()).isEqualTo(1);
    assertThat(run.workflowKey()).isEqualTo("2823525");
    // the run's own name is "" in this payload; the workflow's name is used instead
    assertThat(run.workflowName()).isEqualTo("test");
    assertThat(run.runNumber()).isEqualTo(163);
    assertThat(run.branch()).isEqualTo("master");
    assertThat(run.sha()).isEqualTo("3484a3fb816e0859fd6e1cea078d76385ff50625");
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.conclusion()).isEqualTo(RunConclusion.SUCCESS);
    assertThat(run.url()).isEqualTo("https://github.com/octo-org/octo-repo/actions/runs/289782451");
    assertThat(run.triggerEvent()).isEqualTo("repository_dispatch");
    assertThat(run.runCreatedAt()).isEqualTo(Instant.parse("2020-10-05T16:33:24Z"));
    assertThat(run.updatedAt()).isEqualTo(Instant.parse("2020-10-05T16:33:49Z"));
    assertThat(run.pullRequests()).isEmpty();
    assertThat(run.isCompletedSuccess()).isTrue();
  }

  @Test
  void decodes_a_failing_workflow_run() throws Exception {
    // No real failing workflow_run payload exists upstream (fixtures SOURCES.md); GitHub's failure
    // runs have the shape of completed.json with conclusion "failure", so the test builds one so.
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode payload = (ObjectNode) mapper.readTree(Fixtures.bytes("workflow_run/completed.json"));
    ((ObjectNode) payload.get("workflow_run")).put("conclusion", "failure");
    DecodedEvent d = DecoderCalls.decode(decoder, request("workflow_run", mapper.writeValueAsBytes(payload)));
    RunSnapshot run = ((DomainEvent.WorkflowRunChanged) d.meaning()).run();
    assertThat(run.conclusion()).isEqualTo(RunConclusion.FAILURE);
    assertThat(run.isCompletedFailure()).isTrue();
    assertThat(run.branch()).isEqualTo("master");
    assertThat(run.workflowKey()).isEqualTo("2823525");
  }

  @Test
  void decodes_the_pull_requests_of_a_run() {
    RunSnapshot run = ((DomainEvent.WorkflowRunChanged) decode("workflow_run/completed.with-pull-requests.json").meaning()).run();
    assertThat(run.pullRequests()).containsExactly(2L);
    RunSnapshot hub4j = ((DomainEvent.WorkflowRunChanged) decode("workflow_run/completed.success.pull_request.hub4j.json").meaning()).run();
    assertThat(hub4j.pullRequests()).containsExactly(46L);
    // this older payload has "run_attempt": null: a first attempt
    assertThat(hub4j.attempt()).isEqualTo(1);
    assertThat(hub4j.workflowName()).isEqualTo("CI");
    assertThat(hub4j.branch()).isEqualTo("test");
    assertThat(hub4j.triggerEvent()).isEqualTo("pull_request");
  }

  @Test
  void decodes_run_states_before_completion() {
    RunSnapshot requested = ((DomainEvent.WorkflowRunChanged) decode("workflow_run/requested.json").meaning()).run();
    assertThat(requested.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(requested.conclusion()).isEqualTo(RunConclusion.NONE);
    RunSnapshot inProgress = ((DomainEvent.WorkflowRunChanged) decode("workflow_run/in_progress.json").meaning()).run();
    assertThat(inProgress.status()).isEqualTo(RunStatus.IN_PROGRESS);
    assertThat(inProgress.conclusion()).isEqualTo(RunConclusion.NONE);
    RunSnapshot actionRequired = ((DomainEvent.WorkflowRunChanged) decode("workflow_run/requested.with-conclusion.json").meaning()).run();
    assertThat(actionRequired.conclusion()).isEqualTo(RunConclusion.ACTION_REQUIRED);
    assertThat(actionRequired.isCompletedFailure()).isFalse();
  }

  @Test
  void decodes_a_failed_job_with_its_failed_steps() {
    DecodedEvent d = decode("workflow_job/completed.failure.hub4j.json");
    JobResult job = ((DomainEvent.WorkflowJobChanged) d.meaning()).job();
    assertThat(job.jobId()).isEqualTo(6653410527L);
    assertThat(job.providerRunId()).isEqualTo(2408553341L);
    assertThat(job.runAttempt()).isEqualTo(1);
    assertThat(job.name()).isEqualTo("JVM Tests - JDK JDK16");
    assertThat(job.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(job.conclusion()).isEqualTo(RunConclusion.FAILURE);
    assertThat(job.failedSteps()).containsExactly("Build with Maven");
    assertThat(job.completedAt()).isEqualTo(Instant.parse("2022-05-30T10:55:57Z"));
    JobResult other = ((DomainEvent.WorkflowJobChanged) decode("workflow_job/completed.failure.with-organization.json").meaning()).job();
    assertThat(other.failedSteps()).containsExactly("Run yarn run format-check");
    JobResult ok = ((DomainEvent.WorkflowJobChanged) decode("workflow_job/completed.success.with-organization.json").meaning()).job();
    assertThat(ok.failedSteps()).isEmpty();
    JobResult waiting = ((DomainEvent.WorkflowJobChanged) decode("workflow_job/waiting.json").meaning()).job();
    assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
    assertThat(waiting.completedAt()).isNull();
  }

  @Test
  void decodes_a_completed_check_run_and_ignores_other_check_actions() {
    DomainEvent.CheckRunCompleted c = (DomainEvent.CheckRunCompleted) decode("check_run/completed.json").meaning();
    assertThat(c).isEqualTo(new DomainEvent.CheckRunCompleted(128620228L, "Octocoders-linter", "success",
        "ec26c3e57ca3a959ca5aad62de7213c562f8c821", "https://github.com/Codertocat/Hello-World/runs/128620228"));
    assertThat(decode("check_run/created.json").meaning()).isEqualTo(new DomainEvent.UnknownEvent("check_run"));
  }

  @Test
  void decodes_pull_requests() {
    DecodedEvent opened = decode("pull_request/opened.json");
    assertThat(opened.action()).isEqualTo("opened");
    assertThat(opened.meaning()).isEqualTo(new DomainEvent.PullRequestChanged("opened", 2, "Update the README with new information.",
        "open", false, "Codertocat", "changes", "https://github.com/Codertocat/Hello-World/pull/2"));
    DomainEvent.PullRequestChanged closed = (DomainEvent.PullRequestChanged) decode("pull_request/closed.json").meaning();
    assertThat(closed.state()).isEqualTo("closed");
    assertThat(closed.merged()).isFalse();
    assertThat(decode("pull_request/opened.with-null-body.json").meaning()).isInstanceOf(DomainEvent.PullRequestChanged.class);
  }

  @Test
  void decodes_pushes_of_tags_and_branches() {
    DecodedEvent tag = decode("push.json");
    assertThat(tag.action()).isNull();
    assertThat(tag.meaning()).isEqualTo(new DomainEvent.Pushed("refs/tags/simple-tag", "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
        "0000000000000000000000000000000000000000", 0, "Codertocat", true));
    DomainEvent.Pushed branch = (DomainEvent.Pushed) decode("push.with-new-branch.json").meaning();
    assertThat(branch.ref()).isEqualTo("refs/heads/master");
    assertThat(branch.commitCount()).isEqualTo(1);
    assertThat(branch.tag()).isFalse();
  }

  @Test
  void decodes_ping_with_hook_id_and_zen() {
    DecodedEvent d = decode("ping.json");
    assertThat(d.action()).isNull();
    assertThat(d.meaning()).isEqualTo(new DomainEvent.Ping("109948940", "Anything added dilutes everything else."));
    assertThat(d.repository()).isEqualTo(new ProviderRepoRef(186853261L, "Octocoders/Hello-World"));
    // an organization ping names no repository
    assertThat(decode("ping.with-organization.json").repository()).isNull();
    assertThat(decode("ping.hub4j.json").meaning()).isEqualTo(new DomainEvent.Ping("252407203", "Design for failure."));
  }

  @Test
  void decodes_meta_deleted_as_hook_deleted() {
    DecodedEvent d = decode("meta/deleted.json");
    assertThat(d.action()).isEqualTo("deleted");
    assertThat(d.meaning()).isEqualTo(new DomainEvent.HookDeleted("101047067"));
    assertThat(d.repository().providerRepoId()).isEqualTo(135493233L);
  }

  @Test
  void decodes_rename_and_transfer_with_the_new_full_name() {
    assertThat(decode("repository/renamed.json").meaning())
        .isEqualTo(new DomainEvent.RepositoryRenamed(186853261L, "Octocoders/Hello-World", "renamed"));
    assertThat(decode("repository/transferred.json").meaning())
        .isEqualTo(new DomainEvent.RepositoryRenamed(186853261L, "Octocoders/Hello-World", "transferred"));
  }

  @Test
  void keeps_events_it_does_not_act_on_as_unknown() {
    DecodedEvent d = decode("deployment_status.json");
    assertThat(d.meaning()).isEqualTo(new DomainEvent.UnknownEvent("deployment_status"));
    assertThat(d.action()).isEqualTo("created");
    assertThat(d.repository().fullName()).isEqualTo("Codertocat/Hello-World");
    assertThat(decode("installation/created.json").repository()).isNull();
    DecodedEvent starred = DecoderCalls.decode(decoder, request("star", "{\"action\":\"created\",\"starred_at\":null}".getBytes(StandardCharsets.UTF_8)));
    assertThat(starred.meaning()).isEqualTo(new DomainEvent.UnknownEvent("star"));
  }

  @Test
  void decodes_a_form_encoded_delivery_from_a_hook_someone_else_created() {
    byte[] json = Fixtures.bytes("workflow_run/completed.json");
    byte[] form = ("payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.US_ASCII);
    Secret secret = Secret.of("form-secret");
    InboundRequest r = request("workflow_run", form, "Content-Type", "application/x-www-form-urlencoded",
        "X-Hub-Signature-256", TestHmac.sha256Header(secret, form));
    // the signature covers the form body as sent, not the JSON inside it
    assertThat(DecoderCalls.verify(decoder, r, List.of(secret)).valid()).isTrue();
    RunSnapshot run = ((DomainEvent.WorkflowRunChanged) DecoderCalls.decode(decoder, r).meaning()).run();
    assertThat(run.providerRunId()).isEqualTo(289782451L);
  }

  @Test
  void refuses_malformed_bodies_with_a_useful_message() {
    assertThatThrownBy(() -> DecoderCalls.decode(decoder, request("workflow_run", "not json".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("workflow_run");
    assertThatThrownBy(() -> DecoderCalls.decode(decoder, request("workflow_run", "{}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("no workflow_run");
    assertThatThrownBy(() -> DecoderCalls.decode(decoder, request("workflow_run", "{\"workflow_run\":\"x\"}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(MalformedPayloadException.class);
    assertThatThrownBy(() -> DecoderCalls.decode(decoder, request("push", new byte[0])))
        .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> DecoderCalls.decode(decoder, request("push", "[1,2]".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(MalformedPayloadException.class);
    assertThatThrownBy(() -> DecoderCalls.decode(decoder, request("ping", "null".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(MalformedPayloadException.class);
    assertThatThrownBy(() -> DecoderCalls.decode(decoder, request("push", "payload=x".getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/x-www-form-urlencoded")))
        .isInstanceOf(MalformedPayloadException.class);
  }

  @Test
  void names_the_missing_required_header() {
    assertThat(DecoderCalls.missingHeader(decoder, Headers.single("X-GitHub-Delivery", "d"))).contains("X-GitHub-Event");
    assertThat(DecoderCalls.missingHeader(decoder, Headers.single("X-GitHub-Event", "push"))).contains("X-GitHub-Delivery");
    assertThat(DecoderCalls.missingHeader(decoder, Headers.single("X-GitHub-Event", " ", "X-GitHub-Delivery", "d"))).contains("X-GitHub-Event");
    assertThat(DecoderCalls.missingHeader(decoder, Headers.single("x-github-event", "push", "x-github-delivery", "d"))).isEqualTo(Optional.empty());
  }

  @Test
  void locates_the_hook_by_its_numeric_id_only() {
    assertThat(DecoderCalls.locate(decoder, Headers.single("X-GitHub-Event", "push", "X-GitHub-Delivery", "d", "X-GitHub-Hook-ID", "319833951"))).isEqualTo(new HookLocator.ByProviderHookId("319833951"));
    assertThat(DecoderCalls.locate(decoder, Headers.single("X-GitHub-Event", "push", "X-GitHub-Delivery", "d"))).isInstanceOf(HookLocator.Unidentifiable.class);
    assertThat(DecoderCalls.locate(decoder, Headers.single("X-GitHub-Event", "push", "X-GitHub-Delivery", "d", "X-GitHub-Hook-ID", "12ab"))).isInstanceOf(HookLocator.Unidentifiable.class);
    assertThat(DecoderCalls.locate(decoder, Headers.single("X-GitHub-Event", "push", "X-GitHub-Delivery", "d", "X-GitHub-Hook-ID", "-1"))).isInstanceOf(HookLocator.Unidentifiable.class);
    assertThat(DecoderCalls.locate(decoder, Headers.single("X-GitHub-Event", "push", "X-GitHub-Delivery", "d", "X-GitHub-Hook-ID", "99999999999999999999"))).isInstanceOf(HookLocator.Unidentifiable.class);
  }

  @Test
  void takes_the_delivery_id_and_event_from_the_headers() {
    InboundRequest r = request("push", new byte[0]);
    assertThat(DecoderCalls.deliveryId(decoder, r)).isEqualTo("0b989ba4-242f-11e5-81e1-c7b6966d2516");
    assertThat(DecoderCalls.eventName(decoder, r.headers())).isEqualTo("push");
  }
}
