package dev.hookkeeper.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.WorkflowRun;
import dev.hookkeeper.core.port.MalformedPayloadException;
import dev.hookkeeper.core.testkit.DecoderCalls;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** GitLab payloads, from the real fixtures in src/test/resources/gitlab (see SOURCES.md there). */
final class GitLabInboundDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GitLabInboundDecoder decoder = new GitLabInboundDecoder();

  static Stream<String> fixtures() throws IOException, URISyntaxException {
    Path dir = Path.of(GitLabInboundDecoderTest.class.getResource("/gitlab").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
      assertThat(names).hasSize(12); // every delivery fixture of /work/shared/fixtures/gitlab
      return names.stream();
    }
  }

  /** The {@code X-Gitlab-Event} each fixture goes with (fixtures SOURCES.md table). */
  static String headerFor(String fixture) {
    if (fixture.startsWith("tag_push_hook")) return "Tag Push Hook";
    if (fixture.startsWith("push_hook")) return "Push Hook";
    if (fixture.startsWith("merge_request_hook")) return "Merge Request Hook";
    if (fixture.startsWith("pipeline_hook")) return "Pipeline Hook";
    if (fixture.startsWith("job_hook")) return "Job Hook";
    if (fixture.startsWith("deployment_hook")) return "Deployment Hook";
    throw new AssertionError("no header known for " + fixture);
  }

  static byte[] fixture(String name) throws IOException {
    return GitLabFixtures.bytes(name);
  }

  private static InboundRequest request(String event, byte[] body) {
    return new InboundRequest(Headers.single("X-Gitlab-Event", event, "X-Gitlab-Token", "t"), body, "127.0.0.1",
        Instant.parse("2026-11-30T06:00:00Z"));
  }

  private DecodedEvent decode(String event, byte[] body) {
    return DecoderCalls.decode(decoder, request(event, body));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void every_fixture_decodes_into_the_expected_domain_event(String name) throws IOException {
    String header = headerFor(name);

    DecodedEvent decoded = decode(header, fixture(name));

    assertThat(decoded.event()).isEqualTo(header);
    assertThat(decoded.repository()).isNotNull();
    assertThat(decoded.repository().providerRepoId()).isPositive();
    assertThat(decoded.repository().fullName()).isNotBlank();
    Class<?> expected = expectedMeaning(header);
    assertThat(decoded.meaning()).isInstanceOf(expected);
  }

  private static Class<?> expectedMeaning(String header) {
    if (header.equals("Pipeline Hook")) return DomainEvent.WorkflowRunChanged.class;
    if (header.equals("Job Hook")) return DomainEvent.WorkflowJobChanged.class;
    if (header.equals("Merge Request Hook")) return DomainEvent.PullRequestChanged.class;
    if (header.endsWith("Push Hook")) return DomainEvent.Pushed.class;
    return DomainEvent.UnknownEvent.class;
  }

  @Test
  void decodes_a_pipeline_with_legacy_timestamps_and_no_name_or_url() throws IOException {
    DecodedEvent decoded = decode("Pipeline Hook", fixture("pipeline_hook.go-gitlab.json"));
    RunSnapshot run = ((DomainEvent.WorkflowRunChanged) decoded.meaning()).run();

    assertThat(decoded.repository()).isEqualTo(new ProviderRepoRef(1, "gitlab-org/gitlab-test"));
    assertThat(decoded.action()).isEqualTo("success");
    assertThat(run.providerRunId()).isEqualTo(31);
    assertThat(run.attempt()).isEqualTo(1);
    assertThat(run.runNumber()).isEqualTo(123);
    assertThat(run.workflowKey()).isEqualTo("merge_request_event"); // no name: grouped by source
    assertThat(run.branch()).isEqualTo("master");
    assertThat(run.sha()).isEqualTo("bcbb5ec396a2c0f828686f14fac9b80b780504f2");
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.conclusion()).isEqualTo(RunConclusion.SUCCESS);
    assertThat(run.url()).isEqualTo("http://192.168.64.1:3005/gitlab-org/gitlab-test/-/pipelines/31");
    assertThat(run.triggerEvent()).isEqualTo("merge_request_event");
    assertThat(run.runCreatedAt()).isEqualTo(Instant.parse("2016-08-12T15:23:28Z"));
    assertThat(run.updatedAt()).isEqualTo(Instant.parse("2016-08-12T15:26:29Z"));
    assertThat(run.pullRequests()).containsExactly(1L);
  }

  @Test
  void decodes_a_named_pipeline_with_iso_timestamps_and_its_failed_build() throws IOException {
    DomainEvent.WorkflowRunChanged changed =
        (DomainEvent.WorkflowRunChanged) decode("Pipeline Hook", fixture("pipeline_hook.json")).meaning();

    assertThat(changed.run().workflowKey()).isEqualTo("Pipeline for branch: master");
    assertThat(changed.run().workflowName()).isEqualTo("Pipeline for branch: master");
    assertThat(changed.run().url()).isEqualTo("http://example.com/gitlab-org/gitlab-test/-/pipelines/31");
    assertThat(changed.run().runCreatedAt()).isEqualTo(Instant.parse("2016-08-12T15:23:28Z"));
    // builds[] holds job 378 as failed with script_failure (the pipeline itself says success).
    assertThat(changed.jobs()).singleElement().satisfies(job -> {
      assertThat(job.jobId()).isEqualTo(378);
      assertThat(job.providerRunId()).isEqualTo(31);
      assertThat(job.name()).isEqualTo("test-build");
      assertThat(job.conclusion()).isEqualTo(RunConclusion.FAILURE);
      assertThat(job.failureReason()).isEqualTo("script_failure");
      assertThat(job.url()).isEqualTo("http://192.168.64.1:3005/gitlab-org/gitlab-test/-/jobs/378");
      assertThat(job.completedAt()).isEqualTo(Instant.parse("2016-08-12T15:26:29Z"));
    });
  }

  /**
   * No real failed Pipeline Hook exists in the permissively licensed sources (see SOURCES.md), so
   * the failure case is the real go-gitlab payload with {@code object_attributes.status} changed
   * to {@code failed} here, and build 378 marked failed the way GitLab reports it.
   */
  static byte[] failedPipeline(String finishedAt) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(fixture("pipeline_hook.go-gitlab.json"));
    ObjectNode attrs = (ObjectNode) root.path("object_attributes");
    attrs.put("status", "failed").put("detailed_status", "failed").put("finished_at", finishedAt);
    ObjectNode build = (ObjectNode) root.path("builds").get(2); // build 378, test-build
    build.put("status", "failed").put("failure_reason", "script_failure");
    return JSON.writeValueAsBytes(root);
  }

  static byte[] pipelineWithStatus(String status, String finishedAt) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(fixture("pipeline_hook.go-gitlab.json"));
    ObjectNode attrs = (ObjectNode) root.path("object_attributes");
    attrs.put("status", status);
    if (finishedAt == null) attrs.putNull("finished_at"); else attrs.put("finished_at", finishedAt);
    return JSON.writeValueAsBytes(root);
  }

  @Test
  void decodes_a_failed_pipeline_with_the_failed_job_and_its_reason() throws IOException {
    DecodedEvent decoded = decode("Pipeline Hook", failedPipeline("2016-08-12 15:26:29 UTC"));
    DomainEvent.WorkflowRunChanged changed = (DomainEvent.WorkflowRunChanged) decoded.meaning();

    assertThat(decoded.action()).isEqualTo("failed");
    assertThat(changed.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(changed.run().conclusion()).isEqualTo(RunConclusion.FAILURE);
    assertThat(changed.run().isCompletedFailure()).isTrue();
    assertThat(changed.jobs()).extracting(JobResult::name, JobResult::failureReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("test-build", "script_failure"));
  }

  @Test
  void a_retried_pipeline_that_succeeds_supersedes_its_failure() throws IOException {
    RunSnapshot failed = ((DomainEvent.WorkflowRunChanged) decode("Pipeline Hook",
        failedPipeline("2016-08-12 15:26:29 UTC")).meaning()).run();
    // GitLab reuses the pipeline id when jobs are retried; only finished_at moves on.
    RunSnapshot succeeded = ((DomainEvent.WorkflowRunChanged) decode("Pipeline Hook",
        pipelineWithStatus("success", "2016-08-12 15:40:02 UTC")).meaning()).run();

    assertThat(succeeded.providerRunId()).isEqualTo(failed.providerRunId());
    assertThat(succeeded.attempt()).isEqualTo(failed.attempt());
    assertThat(WorkflowRun.supersedes(succeeded, failed)).isTrue();
    assertThat(WorkflowRun.supersedes(failed, succeeded)).isFalse();
    assertThat(WorkflowRun.supersedes(failed, failed)).isFalse(); // a redelivery changes nothing
  }

  @ParameterizedTest
  @CsvSource({
    "created, QUEUED, NONE",
    "waiting_for_resource, QUEUED, NONE",
    "preparing, QUEUED, NONE",
    "pending, QUEUED, NONE",
    "scheduled, WAITING, NONE",
    "manual, WAITING, NONE",
    "running, IN_PROGRESS, NONE",
    "success, COMPLETED, SUCCESS",
    "failed, COMPLETED, FAILURE",
    "canceled, COMPLETED, CANCELLED",
    "skipped, COMPLETED, SKIPPED",
    "some_future_status, QUEUED, NONE"
  })
  void maps_every_pipeline_status(String gitlab, RunStatus status, RunConclusion conclusion) throws IOException {
    RunSnapshot run = ((DomainEvent.WorkflowRunChanged) decode("Pipeline Hook",
        pipelineWithStatus(gitlab, null)).meaning()).run();

    assertThat(run.status()).isEqualTo(status);
    assertThat(run.conclusion()).isEqualTo(conclusion);
    assertThat(run.updatedAt()).isEqualTo(run.runCreatedAt()); // no finished_at yet
  }

  @Test
  void decodes_a_job_hook_whose_project_is_named_only_by_id() throws IOException {
    DecodedEvent decoded = decode("Job Hook", fixture("job_hook.json"));
    JobResult job = ((DomainEvent.WorkflowJobChanged) decoded.meaning()).job();

    assertThat(decoded.repository()).isEqualTo(new ProviderRepoRef(31537070, "jsmithy2/release-tools-fake"));
    assertThat(decoded.action()).isEqualTo("success");
    assertThat(job.jobId()).isEqualTo(3580121225L);
    assertThat(job.providerRunId()).isEqualTo(743121198L);
    assertThat(job.name()).isEqualTo("auto_deploy:start");
    assertThat(job.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(job.conclusion()).isEqualTo(RunConclusion.SUCCESS);
    assertThat(job.failureReason()).isNull(); // GitLab says "unknown_failure" even for a success
    assertThat(job.url()).isEqualTo("https://gitlab.com/jsmithy2/release-tools-fake/-/jobs/3580121225");
    assertThat(job.completedAt()).isEqualTo(Instant.parse("2023-01-10T13:50:54Z"));
  }

  @Test
  void decodes_a_failed_job_with_its_failure_reason() throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(fixture("job_hook.gitlab4j.json"));
    root.put("build_status", "failed").put("build_failure_reason", "script_failure");

    JobResult job = ((DomainEvent.WorkflowJobChanged) decode("Job Hook", JSON.writeValueAsBytes(root)).meaning()).job();

    assertThat(job.conclusion()).isEqualTo(RunConclusion.FAILURE);
    assertThat(job.failureReason()).isEqualTo("script_failure");
    assertThat(job.completedAt()).isEqualTo(Instant.parse("2019-05-17T19:09:21Z"));
    assertThat(job.url()).isEqualTo("http://192.168.64.1:3005/gitlab-org/gitlab-test/-/jobs/214655258");
  }

  @Test
  void accepts_the_legacy_build_hook_header() throws IOException {
    DecodedEvent decoded = decode("Build Hook", fixture("job_hook.build.go-gitlab.json"));
    JobResult job = ((DomainEvent.WorkflowJobChanged) decoded.meaning()).job();

    assertThat(job.jobId()).isEqualTo(1977);
    assertThat(job.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(job.completedAt()).isNull();
    assertThat(decoded.repository()).isEqualTo(new ProviderRepoRef(380, "gitlab-org/gitlab-test"));
  }

  @Test
  void decodes_a_merge_request() throws IOException {
    DecodedEvent decoded = decode("Merge Request Hook", fixture("merge_request_hook.json"));

    assertThat(decoded.action()).isEqualTo("open");
    assertThat(decoded.meaning()).isEqualTo(new DomainEvent.PullRequestChanged("open", 1, "MS-Viewport", "opened",
        false, "root", "ms-viewport", "http://example.com/diaspora/merge_requests/1"));
    assertThat(decoded.repository()).isEqualTo(new ProviderRepoRef(1, "gitlabhq/gitlab-test"));
  }

  @Test
  void decodes_a_merged_merge_request_as_merged() throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(fixture("merge_request_hook.go-gitlab.json"));
    ((ObjectNode) root.path("object_attributes")).put("state", "merged").put("action", "merge");

    DomainEvent.PullRequestChanged pr = (DomainEvent.PullRequestChanged)
        decode("Merge Request Hook", JSON.writeValueAsBytes(root)).meaning();

    assertThat(pr.merged()).isTrue();
    assertThat(pr.action()).isEqualTo("merge");
  }

  @Test
  void decodes_pushes_and_tag_pushes() throws IOException {
    DecodedEvent push = decode("Push Hook", fixture("push_hook.json"));
    DecodedEvent tag = decode("Tag Push Hook", fixture("tag_push_hook.json"));

    assertThat(push.meaning()).isEqualTo(new DomainEvent.Pushed("refs/heads/master",
        "95790bf891e76fee5e1747ab589903a6a1f80f22", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", 4, "jsmith", false));
    assertThat(push.repository()).isEqualTo(new ProviderRepoRef(15, "mike/diaspora"));
    assertThat(tag.meaning()).isEqualTo(new DomainEvent.Pushed("refs/tags/v1.0.0",
        "0000000000000000000000000000000000000000", "82b3d5ae55f7080f1e6022629cdb57bfae7cccc7", 0, "John Smith", true));
  }

  @Test
  void stores_other_events_as_unknown_with_their_project() throws IOException {
    DecodedEvent decoded = decode("Deployment Hook", fixture("deployment_hook.json"));

    assertThat(decoded.meaning()).isEqualTo(new DomainEvent.UnknownEvent("Deployment Hook"));
    assertThat(decoded.repository()).isEqualTo(new ProviderRepoRef(30, "root/test-deployment-webhooks"));
  }

  @Test
  void refuses_malformed_payloads() throws IOException {
    byte[] push = fixture("push_hook.json");
    byte[] noId = JSON.writeValueAsBytes(((ObjectNode) JSON.readTree(fixture("pipeline_hook.json")))
        .set("object_attributes", JSON.createObjectNode().put("status", "success")));

    assertThatThrownBy(() -> decode("Push Hook", "not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedPayloadException.class);
    assertThatThrownBy(() -> decode("Push Hook", "[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedPayloadException.class);
    assertThatThrownBy(() -> decode("Pipeline Hook", push))
        .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("object_kind push");
    assertThatThrownBy(() -> decode("Pipeline Hook", noId))
        .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("object_attributes.id");
    assertThatThrownBy(() -> decode("Something Hook", new byte[0])).isInstanceOf(MalformedPayloadException.class);
  }

  @Test
  void requires_the_event_header() {
    assertThat(DecoderCalls.missingHeader(decoder, Headers.single("X-Gitlab-Token", "t"))).contains("X-Gitlab-Event");
    assertThat(DecoderCalls.missingHeader(decoder, Headers.single("x-gitlab-event", "Push Hook"))).isEqualTo(Optional.empty());
    assertThat(DecoderCalls.eventName(decoder, Headers.single("X-Gitlab-Event", "Pipeline Hook"))).isEqualTo("Pipeline Hook");
  }

  @Test
  void delivery_id_prefers_idempotency_key_then_event_uuid_then_body_hash() {
    byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
    Instant at = Instant.parse("2026-11-30T06:00:00Z");
    InboundRequest all = new InboundRequest(Headers.single("X-Gitlab-Event", "Push Hook", "Idempotency-Key", "idem-1", "X-Gitlab-Event-UUID", "uuid-1"),
        body, "127.0.0.1", at);
    InboundRequest uuidOnly = new InboundRequest(Headers.single("X-Gitlab-Event", "Push Hook", "X-Gitlab-Event-UUID", "uuid-1"), body, "127.0.0.1", at);
    InboundRequest none = new InboundRequest(Headers.single("X-Gitlab-Event", "Push Hook"), body, "127.0.0.1", at);

    assertThat(DecoderCalls.deliveryId(decoder, all)).isEqualTo("idem-1");
    assertThat(DecoderCalls.deliveryId(decoder, uuidOnly)).isEqualTo("uuid-1");
    assertThat(DecoderCalls.deliveryId(decoder, none)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void parses_both_gitlab_timestamp_formats() {
    Instant expected = Instant.parse("2016-08-12T15:23:28Z");
    assertThat(GitLabTime.parse("2016-08-12 15:23:28 UTC")).isEqualTo(expected);
    assertThat(GitLabTime.parse("2016-08-12T15:23:28Z")).isEqualTo(expected);
    assertThat(GitLabTime.parse("2016-08-12T17:23:28+02:00")).isEqualTo(expected);
    assertThat(GitLabTime.parse("2016-08-12 17:23:28 +0200")).isEqualTo(expected);
    assertThat(GitLabTime.parse("2021-02-23T02:41:37.886Z")).isEqualTo(Instant.parse("2021-02-23T02:41:37.886Z"));
    assertThat(GitLabTime.parse("last tuesday")).isNull();
    assertThat(GitLabTime.parse(null)).isNull();
  }
}
