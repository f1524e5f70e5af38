package dev.hookkeeper.github;

import static dev.hookkeeper.github.GitHubApi.call;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookkeeper.core.model.AdministrableRepository;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderAccountsApi;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * Who a token belongs to ({@code GET /user}: the numeric {@code id} is the stable identity) and the
 * repositories its user administers ({@code GET /user/repos}, every affiliation, kept where {@code
 * permissions.admin} is true). Obtain it from {@link GitHubHooksClient#accountsClient()}. Thread-safe.
 */
public final class GitHubAccountsClient implements ProviderAccountsApi {
  private static final int PER_PAGE = 100;
  private static final int MAX_PAGES = 50;

  private final GitHubApi api;

  GitHubAccountsClient(GitHubApi api) {
    this.api = api;
  }

  @Override
  public Provider provider() {
    return Provider.GITHUB;
  }

  @Override
  public ProviderResult<ProviderAccount> account(Secret token) {
    return call(() -> {
      ApiResponse r = api.expect(api.transport.get(token, api.url("user")), 200, GitHubErrorMapper.Target.USER);
      JsonNode user = api.json.read(r);
      long id = user.path("id").asLong(0);
      if (id <= 0) throw new GitHubCallException(FailureReason.PROVIDER_UNAVAILABLE, "GitHub answered GET /user without an id");
      String login = api.json.login(user, r);
      return new ProviderAccount(Provider.GITHUB, Long.toString(id), login, user.path("name").asText(""));
    });
  }

  @Override
  public ProviderResult<List<AdministrableRepository>> administrableRepositories(Secret token, int limit) {
    return call(() -> {
      List<AdministrableRepository> out = new ArrayList<>();
      HttpUrl url = api.url("user/repos").newBuilder()
          .addQueryParameter("affiliation", "owner,collaborator,organization_member")
          .addQueryParameter("sort", "full_name")
          .addQueryParameter("per_page", Integer.toString(PER_PAGE)).build();
      for (int page = 0; url != null && page < MAX_PAGES && out.size() < limit; page++) {
        ApiResponse r = api.expect(api.transport.get(token, url), 200, GitHubErrorMapper.Target.USER);
        for (JsonNode repo : api.json.read(r)) {
          if (!repo.path("permissions").path("admin").asBoolean(false)) continue;
          long id = repo.path("id").asLong(0);
          String fullName = repo.path("full_name").asText("");
          if (id <= 0 || fullName.isBlank()) continue;
          out.add(new AdministrableRepository(Provider.GITHUB, id, fullName, repo.path("private").asBoolean(false),
              repo.path("html_url").asText(""), repo.path("description").asText("")));
        }
        url = api.nextPage(r);
      }
      out.sort(Comparator.comparing(a -> a.fullName().toLowerCase(java.util.Locale.ROOT)));
      return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
    });
  }
}
