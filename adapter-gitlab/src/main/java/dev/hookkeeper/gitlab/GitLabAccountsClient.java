package dev.hookkeeper.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.model.AdministrableRepository;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderAccountsApi;
import dev.hookkeeper.gitlab.GitLabErrors.NotFound;
import dev.hookkeeper.gitlab.GitLabHttp.Reply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Who a token belongs to ({@code GET /user}: the numeric {@code id} is the stable identity) and the
 * projects its user may manage hooks of: {@code GET /projects?min_access_level=40} (Maintainer or
 * Owner, provider-facts 2.1), not archived, page by page ({@code X-Next-Page}). Obtain it from {@link
 * GitLabHooksClient#accountsClient()}. Thread-safe.
 */
public final class GitLabAccountsClient implements ProviderAccountsApi {
  static final int MAINTAINER = 40;
  private static final int PER_PAGE = 100;
  private static final int MAX_PAGES = 50;

  private final GitLabHttp http;

  GitLabAccountsClient(GitLabHttp http) {
    this.http = http;
  }

  @Override
  public Provider provider() {
    return Provider.GITLAB;
  }

  @Override
  public ProviderResult<ProviderAccount> account(Secret token) {
    ProviderResult<Reply> sent = http.send(token, "GET", http.api().addPathSegment("user").build(), null, true);
    if (!sent.isOk()) return ProviderResult.failed(sent.failure());
    if (!sent.value().ok()) return ProviderResult.failed(GitLabErrors.map(sent.value(), NotFound.REPOSITORY, token));
    JsonNode user = sent.value().json();
    long id = user.path("id").asLong(0);
    String username = user.path("username").asText("");
    if (id <= 0 || username.isBlank()) {
      return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, "unexpected GitLab answer: GET /user without id or username");
    }
    return ProviderResult.ok(new ProviderAccount(Provider.GITLAB, Long.toString(id), username, user.path("name").asText("")));
  }

  @Override
  public ProviderResult<List<AdministrableRepository>> administrableRepositories(Secret token, int limit) {
    List<AdministrableRepository> out = new ArrayList<>();
    String page = "1";
    for (int i = 0; i < MAX_PAGES && page != null && !page.isBlank() && out.size() < limit; i++) {
      HttpUrl url = http.api().addPathSegment("projects")
          .addQueryParameter("min_access_level", Integer.toString(MAINTAINER))
          .addQueryParameter("archived", "false")
          .addQueryParameter("order_by", "path").addQueryParameter("sort", "asc")
          .addQueryParameter("per_page", Integer.toString(PER_PAGE)).addQueryParameter("page", page).build();
      ProviderResult<Reply> sent = http.send(token, "GET", url, null, true);
      if (!sent.isOk()) return ProviderResult.failed(sent.failure());
      if (!sent.value().ok()) return ProviderResult.failed(GitLabErrors.map(sent.value(), NotFound.REPOSITORY, token));
      for (JsonNode p : sent.value().json()) {
        long id = p.path("id").asLong(0);
        String path = p.path("path_with_namespace").asText("");
        if (id <= 0 || path.isBlank()) continue;
        out.add(new AdministrableRepository(Provider.GITLAB, id, path, !"public".equals(p.path("visibility").asText("private")),
            p.path("web_url").asText(""), p.path("description").asText("")));
      }
      page = sent.value().nextPage();
    }
    out.sort(Comparator.comparing(a -> a.fullName().toLowerCase(Locale.ROOT)));
    return ProviderResult.ok(out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out));
  }
}
