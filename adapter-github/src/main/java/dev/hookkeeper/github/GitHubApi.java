package dev.hookkeeper.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import java.time.InstantSource;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What GitHub's three clients share: the API base, one transport (per-token mutation gates,
 * redirects, retries), one budget per token, the error mapping and the URL rules. Thread-safe.
 */
final class GitHubApi {
  private static final Logger log = LoggerFactory.getLogger(GitHubApi.class);
  private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,19}");

  final HttpUrl base;
  final GitHubTransport transport;
  final GitHubErrorMapper errors;
  final ApiJson json;
  final RateBudgets budgets;
  final InstantSource clock;

  GitHubApi(String baseUrl, OkHttpClient sharedHttp, GitHubHooksClient.Settings settings, InstantSource clock) {
    HttpUrl parsed = HttpUrl.parse(baseUrl);
    if (parsed == null) throw new IllegalArgumentException("'baseUrl' is not an http(s) URL: " + baseUrl);
    this.base = parsed;
    this.clock = clock;
    ObjectMapper mapper = new ObjectMapper();
    this.budgets = new RateBudgets(clock);
    this.transport = new GitHubTransport(sharedHttp, settings, budgets);
    this.errors = new GitHubErrorMapper(mapper, clock);
    this.json = new ApiJson(mapper);
  }

  ApiResponse expect(ApiResponse r, int status, GitHubErrorMapper.Target target) throws GitHubCallException {
    if (r.code() == status) return r;
    throw errors.map(r, target);
  }

  /** The {@code rel="next"} page, only if it stays on the API's origin. */
  HttpUrl nextPage(ApiResponse r) throws GitHubCallException {
    String next = LinkHeader.next(r.header("Link"));
    if (next == null) return null;
    HttpUrl url = r.url().resolve(next);
    if (url == null || !GitHubTransport.sameOrigin(base, url)) {
      throw new GitHubCallException(FailureReason.PROVIDER_UNAVAILABLE, "GitHub's next-page link points elsewhere");
    }
    return url;
  }

  HttpUrl url(String segments) {
    return base.newBuilder().addPathSegments(segments).build();
  }

  HttpUrl repoUrl(String fullName) throws GitHubCallException {
    if (fullName == null || !FULL_NAME.matcher(fullName).matches() || fullName.contains("..")) {
      throw new GitHubCallException(FailureReason.REPOSITORY_NOT_FOUND, "not a GitHub repository name: owner/name expected");
    }
    int slash = fullName.indexOf('/');
    return base.newBuilder().addPathSegment("repos").addPathSegment(fullName.substring(0, slash))
        .addPathSegment(fullName.substring(slash + 1)).build();
  }

  /** By full name, as the ports say; by stable id when no name is known. */
  HttpUrl repoUrl(ProviderRepoRef repo) throws GitHubCallException {
    if (repo.fullName().isBlank() && repo.providerRepoId() > 0) return repositoryById(repo.providerRepoId());
    return repoUrl(repo.fullName());
  }

  HttpUrl repositoryById(long id) {
    return base.newBuilder().addPathSegment("repositories").addPathSegment(Long.toString(id)).build();
  }

  HttpUrl hookUrl(ProviderRepoRef repo, String providerHookId) throws GitHubCallException {
    if (providerHookId == null || !NUMERIC_ID.matcher(providerHookId).matches()) {
      throw new GitHubCallException(FailureReason.HOOK_NOT_FOUND, "a GitHub hook id is numeric");
    }
    return repoUrl(repo).newBuilder().addPathSegment("hooks").addPathSegment(providerHookId).build();
  }

  /**
   * What a 404 below a repository means. GitHub answers 404 alike for a missing hook or run, a
   * repository the token cannot see, and hooks of a repository it sees but may not administer. One
   * {@code GET} of the repository tells them apart, so the caller never mistakes lost rights for a
   * deleted hook (and recreates it, or forgets it).
   *
   * @param missing what the 404 means when the repository is visible with admin rights
   */
  GitHubCallException explainNotFound(Secret token, ProviderRepoRef repo, GitHubCallException notFound, FailureReason missing)
      throws GitHubCallException {
    FailureReason reason = notFound.failure().reason();
    if (reason != FailureReason.HOOK_NOT_FOUND && reason != FailureReason.RUN_NOT_FOUND
        && reason != FailureReason.REPOSITORY_NOT_FOUND) {
      return notFound;
    }
    ApiResponse probe = transport.get(token, repoUrl(repo));
    if (probe.code() != 200) return errors.map(probe, GitHubErrorMapper.Target.REPOSITORY);
    AccessLevel access = ApiJson.access(json.read(probe).path("permissions"));
    if (missing == FailureReason.RUN_NOT_FOUND || access == AccessLevel.ADMIN || access == AccessLevel.UNKNOWN) {
      return new GitHubCallException(missing, notFound.failure().message());
    }
    return new GitHubCallException(FailureReason.INSUFFICIENT_PERMISSIONS,
        "the repository is visible to the token but its webhooks are not: admin access is required");
  }

  /**
   * A 404 on {@code /hooks} hides two different situations: the repository is invisible, or it is
   * visible but the caller is not an admin (GitHub hides hooks behind 404). One extra read tells
   * them apart, so the user sees "not allowed" instead of "not found" for a repository they can open.
   */
  GitHubCallException hooksCollectionFailure(Secret token, ProviderRepoRef repo, ApiResponse r)
      throws GitHubCallException {
    GitHubCallException failure = errors.map(r, GitHubErrorMapper.Target.REPOSITORY);
    if (failure.failure().reason() != FailureReason.REPOSITORY_NOT_FOUND) return failure;
    ApiResponse probe = transport.get(token, repoUrl(repo));
    if (probe.code() == 200) {
      return new GitHubCallException(
          FailureReason.INSUFFICIENT_PERMISSIONS,
          "the repository is visible to the token but its webhooks are not: admin access is required");
    }
    return failure;
  }

  /**
   * Whether the repository is visible to the token without admin rights. A repository that is gone
   * took its hooks with it, so only this case keeps a hook deletion pending.
   */
  boolean lostAdminRights(Secret token, ProviderRepoRef repo) throws GitHubCallException {
    ApiResponse probe = transport.get(token, repoUrl(repo));
    if (probe.code() != 200) return false;
    AccessLevel access = ApiJson.access(json.read(probe).path("permissions"));
    return access != AccessLevel.ADMIN && access != AccessLevel.UNKNOWN;
  }

  static <T> ProviderResult<T> call(Operation<T> operation) {
    try {
      return ProviderResult.ok(operation.run());
    } catch (GitHubCallException e) {
      return ProviderResult.failed(e.failure());
    } catch (RuntimeException e) {
      // a defect in mapping must not escape the port as an exception either
      log.warn("unexpected failure while calling GitHub", e);
      return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "unexpected GitHub answer (" + e.getClass().getSimpleName() + ")");
    }
  }

  @FunctionalInterface
  interface Operation<T> {
    T run() throws GitHubCallException;
  }
}
