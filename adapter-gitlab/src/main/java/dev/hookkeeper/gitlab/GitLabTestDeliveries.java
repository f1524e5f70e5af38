package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi.PingOutcome;
import dev.hookkeeper.gitlab.GitLabErrors.NotFound;
import dev.hookkeeper.gitlab.GitLabHttp.Reply;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * {@code POST /projects/:id/hooks/:hook_id/test/:trigger} (GitLab 16.11+, 5 a minute): GitLab sends
 * the hook a sample of the project's latest data for the trigger; a 2xx answer re-enables a hook it
 * had disabled (provider-facts 2.1, 4.7).
 */
final class GitLabTestDeliveries {
  /**
   * Triggers tried in order; each needs data (a commit, a pipeline) to exist in the project. A push
   * first: a pipeline test re-sends the project's newest pipeline, a copy that would reach us ahead
   * of the older pipelines a repair is about to recover, and the newest run's state would judge
   * them (an older failure after a newer success opens nothing).
   */
  private static final List<String> TRIGGERS = List.of("push_events", "pipeline_events");

  private final GitLabHttp http;
  private final GitLabFeatures features;

  GitLabTestDeliveries(GitLabHttp http, GitLabFeatures features) {
    this.http = http;
    this.features = features;
  }

  /**
   * @param mustSucceed a test delivery that did not get a 2xx is {@code HOOK_DISABLED_BY_PROVIDER}
   *     (re-enabling) rather than {@code INVALID_HOOK_CONFIG} (pinging)
   */
  ProviderResult<PingOutcome> send(
      Secret token, String project, String providerHookId, boolean mustSucceed) {
    for (String trigger : TRIGGERS) {
      HttpUrl url =
          http.api()
              .addPathSegment("projects")
              .addPathSegment(project)
              .addPathSegment("hooks")
              .addPathSegment(providerHookId)
              .addPathSegment("test")
              .addPathSegment(trigger)
              .build();
      ProviderResult<Reply> sent = http.send(token, "POST", url, null, false);
      if (!sent.isOk()) return ProviderResult.failed(sent.failure());
      Reply reply = sent.value();
      if (reply.ok()) return ProviderResult.ok(PingOutcome.SENT);
      if (reply.code() == 405) return ProviderResult.ok(PingOutcome.NOT_SUPPORTED);
      if (reply.code() == 404) {
        return features.missing(token, reply, GitLabVersion.HOOK_TEST_API)
            ? ProviderResult.ok(PingOutcome.NOT_SUPPORTED)
            : ProviderResult.failed(GitLabErrors.map(reply, NotFound.HOOK, token));
      }
      if ((reply.code() == 400 || reply.code() == 422) && nothingToTestWith(reply.errorText()))
        continue;
      if (mustSucceed && reply.code() == 422) {
        // "Hook execution failed: …": the receiver did not answer 2xx, so GitLab keeps the hook
        // disabled
        return ProviderResult.failed(
            FailureReason.HOOK_DISABLED_BY_PROVIDER,
            "GitLab's test delivery did not get a 2xx: "
                + Redaction.scrub(reply.errorText(), token));
      }
      return ProviderResult.failed(GitLabErrors.map(reply, NotFound.HOOK, token));
    }
    return ProviderResult.ok(PingOutcome.NOT_SUPPORTED);
  }

  /** "Ensure the project has CI pipelines." / "Ensure the project has at least one commit." */
  private static boolean nothingToTestWith(String text) {
    return text.toLowerCase(Locale.ROOT).contains("ensure the project has");
  }
}
