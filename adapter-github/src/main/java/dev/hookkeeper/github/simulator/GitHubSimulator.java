package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small, stateful, in-process GitHub for tests and the offline demo: the repository and
 * repository-webhooks REST endpoints with GitHub's status codes, headers and error bodies, scope
 * enforcement ({@code write:repo_hook} cannot delete), the 20-hooks-per-event limit, a signed
 * {@code ping} to every new hook, signed deliveries of any payload, and a deliveries log that the
 * deliveries and redelivery endpoints serve. Listens on 127.0.0.1 only and delivers only to
 * loopback URLs. Unlike GitHub it accepts {@code localhost} hook URLs, which is what it is for.
 *
 * <pre>{@code
 * try (GitHubSimulator github = GitHubSimulator.start()) {
 *   github.addRepository("octo-org/octo-repo", 300029405L, false, "main");
 *   github.addUser("octocat", "tok", List.of("repo", "admin:repo_hook"));
 *   github.grant("octocat", "octo-org/octo-repo", GitHubSimulator.Role.ADMIN);
 *   new GitHubHooksClient(github.baseUrl(), http, settings) ... ;
 *   github.deliver("octo-org/octo-repo", "workflow_run", payloadBytes);
 * }
 * }</pre>
 */
public final class GitHubSimulator implements AutoCloseable {

  /** A user's role on a repository; only {@link #ADMIN} may manage hooks. */
  public enum Role {
    ADMIN,
    WRITE,
    READ
  }

  /** A hook as the simulated GitHub holds it, including its secret ({@code null} when none). */
  public record SimulatedHook(
      long id, String repoFullName, String url, List<String> events, boolean active, String contentType,
      String insecureSsl, String secret) {
    @Override
    public String toString() {
      return "SimulatedHook[" + id + " " + repoFullName + " " + url + " " + events + " active=" + active + " "
          + contentType + " secret=" + (secret == null ? "none" : "[redacted]") + "]";
    }
  }

  /**
   * One delivery attempt as GitHub's delivery log records it.
   *
   * @param statusCode the receiver's HTTP status; 0 when it could not be reached
   */
  public record SimulatedDelivery(
      long id, String guid, long hookId, String event, String action, boolean redelivery, int statusCode,
      String status, Instant deliveredAt) {}

  private final HttpServer server;
  private final ExecutorService serverThreads;
  private final SimState state = new SimState();
  private final Hookshot hookshot = new Hookshot(state);
  private final SimApi api;
  private final String baseUrl;

  private GitHubSimulator(HttpServer server, ExecutorService serverThreads) {
    this.server = server;
    this.serverThreads = serverThreads;
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    this.api = new SimApi(state, hookshot, baseUrl);
    server.createContext("/", api);
  }

  /** Starts on 127.0.0.1 and a free port. */
  public static GitHubSimulator start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "github-simulator-api");
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(threads);
      GitHubSimulator simulator = new GitHubSimulator(server, threads);
      server.start();
      return simulator;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the GitHub simulator", e);
    }
  }

  /** The API base URL, to give the adapter's GitHubHooksClient, e.g. {@code http://127.0.0.1:49152}. */
  public String baseUrl() {
    return baseUrl;
  }

  public GitHubSimulator addRepository(String fullName, long id, boolean privateRepo, String defaultBranch) {
    Objects.requireNonNull(fullName, "fullName == null");
    if (!fullName.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("'fullName' must be owner/name");
    if (id <= 0) throw new IllegalArgumentException("'id' must be positive");
    synchronized (state) {
      if (state.repos.containsKey(id) || state.repoByName(fullName) != null) {
        throw new IllegalArgumentException("repository already simulated: " + fullName);
      }
      state.repos.put(id, new SimState.Repo(id, fullName, privateRepo, defaultBranch));
    }
    return this;
  }

  /** A user with a classic token: every answer carries {@code X-OAuth-Scopes} with these scopes. */
  public GitHubSimulator addUser(String login, String token, List<String> scopes) {
    Objects.requireNonNull(scopes, "scopes == null");
    return addUser0(login, token, scopes);
  }

  /** A user with a classic token and a role on each named repository. */
  public GitHubSimulator addUser(String login, String token, List<String> scopes, java.util.Map<String, Role> rolesByRepo) {
    addUser(login, token, scopes);
    rolesByRepo.forEach((repo, role) -> grant(login, repo, role));
    return this;
  }

  /** A user with a fine-grained token: no scopes header; what it may do follows from its roles. */
  public GitHubSimulator addFineGrainedUser(String login, String token) {
    return addUser0(login, token, null);
  }

  private GitHubSimulator addUser0(String login, String token, List<String> scopes) {
    Objects.requireNonNull(login, "login == null");
    Objects.requireNonNull(token, "token == null");
    synchronized (state) {
      if (state.usersByToken.containsKey(token)) throw new IllegalArgumentException("token already in use");
      state.addUser(login, token, scopes);
    }
    return this;
  }

  public GitHubSimulator grant(String login, String repoFullName, Role role) {
    Objects.requireNonNull(role, "role == null");
    synchronized (state) {
      state.userByLogin(login).roles.put(state.repoOrThrow(repoFullName).id, role);
    }
    return this;
  }

  /** Renames or transfers a repository; its old name then answers with 301 (GET) or 307 redirects. */
  public void renameRepository(String oldFullName, String newFullName) {
    synchronized (state) {
      SimState.Repo repo = state.repoOrThrow(oldFullName);
      state.renamed.put(repo.fullName.toLowerCase(Locale.ROOT), repo.id);
      repo.fullName = newFullName;
    }
  }

  /** While down, every API request is answered 503. */
  public void outage(boolean down) {
    synchronized (state) {
      state.down = down;
    }
  }

  /** The next API request is answered as rate limited (see {@link #rateLimitNextRequests}). */
  public void rateLimitNextRequest() {
    rateLimitNextRequests(1);
  }

  /** The next {@code count} API requests are answered 403 with {@code X-RateLimit-Remaining: 0}, reset 60 s ahead. */
  public void rateLimitNextRequests(int count) {
    synchronized (state) {
      state.rateLimitedRequests = count;
    }
  }

  /**
   * A hook created by someone else (through GitHub's UI, another tool): no ping, any content type.
   *
   * @param secret {@code null} for a hook without secret
   * @return the new hook's id
   */
  public long addHook(String repoFullName, String url, List<String> events, String contentType, String secret) {
    synchronized (state) {
      SimState.Repo repo = state.repoOrThrow(repoFullName);
      SimState.Hook hook = new SimState.Hook(state.hookIds.incrementAndGet(), repo.id, Instant.now());
      hook.url = url;
      hook.events = List.copyOf(events);
      hook.active = true;
      hook.contentType = SimState.normaliseContentType(contentType);
      hook.insecureSsl = "0";
      hook.secret = secret;
      repo.hooks.put(hook.id, hook);
      return hook.id;
    }
  }

  /** Adds hooks from another tool until {@code event} is at GitHub's limit of 20 hooks. */
  public void fillHookLimit(String repoFullName, String event) {
    synchronized (state) {
      SimState.Repo repo = state.repoOrThrow(repoFullName);
      long count = repo.hooks.values().stream().filter(h -> h.events.contains(event)).count();
      for (long i = count; i < SimState.HOOKS_PER_EVENT; i++) {
        addHook(repoFullName, "https://ci-" + i + ".example.com/hooks/" + event, List.of(event), "json", null);
      }
    }
  }

  /**
   * Deletes a hook as a user would in GitHub's settings page: gone from the API, and, if it is
   * subscribed to {@code meta}, it receives the {@code meta} {@code deleted} event first.
   */
  public void deleteHookOutOfBand(String repoFullName, long hookId) {
    Hookshot.Shot shot = null;
    synchronized (state) {
      SimState.Repo repo = state.repoOrThrow(repoFullName);
      SimState.Hook hook = repo.hooks.get(hookId);
      if (hook == null) throw new IllegalArgumentException("no hook " + hookId + " on " + repoFullName);
      if (hook.events.contains("meta") || hook.events.contains("*")) {
        shot = api.shot(hook, "meta", "deleted", SimJson.bytes(new SimJson(baseUrl).metaDeletedPayload(repo, hook, null)), false);
      }
      repo.hooks.remove(hookId);
    }
    if (shot != null) hookshot.send(shot);
  }

  /** The repository's hooks, with the secrets GitHub holds for them. */
  public List<SimulatedHook> hooks(String repoFullName) {
    synchronized (state) {
      SimState.Repo repo = state.repoOrThrow(repoFullName);
      List<SimulatedHook> out = new ArrayList<>();
      repo.hooks.values().forEach(h -> out.add(h.view(repo.fullName)));
      return out;
    }
  }

  /** Every delivery attempt to the hook, oldest first. */
  public List<SimulatedDelivery> deliveries(String repoFullName, long hookId) {
    synchronized (state) {
      SimState.Hook hook = state.repoOrThrow(repoFullName).hooks.get(hookId);
      if (hook == null) return List.of();
      List<SimulatedDelivery> out = new ArrayList<>();
      hook.deliveries.forEach(d -> out.add(d.view()));
      return out;
    }
  }

  /**
   * Delivers {@code payload} as event {@code event} to every active hook of the repository that
   * subscribes to it (or to {@code *}), signed with each hook's secret, under one shared {@code
   * X-GitHub-Delivery} GUID as GitHub does. Synchronous: returns once every receiver answered.
   */
  public List<SimulatedDelivery> deliver(String repoFullName, String event, byte[] payload) {
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(payload, "payload == null");
    String guid = UUID.randomUUID().toString();
    String action = actionOf(payload);
    List<Hookshot.Shot> shots = new ArrayList<>();
    synchronized (state) {
      SimState.Repo repo = state.repoOrThrow(repoFullName);
      for (SimState.Hook h : repo.hooks.values()) {
        if (h.active && h.subscribes(event)) {
          shots.add(new Hookshot.Shot(h.id, repo.id, h.url, h.contentType, h.secret, event, action, payload.clone(), guid, false));
        }
      }
    }
    List<SimulatedDelivery> out = new ArrayList<>();
    for (Hookshot.Shot shot : shots) out.add(hookshot.send(shot).view());
    return out;
  }

  /** Waits until background deliveries (pings, redeliveries, meta) are done; false on timeout. */
  public boolean awaitIdle(Duration timeout) {
    try {
      return hookshot.awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    serverThreads.shutdownNow();
    hookshot.close();
  }

  private static String actionOf(byte[] payload) {
    try {
      JsonNode node = SimJson.MAPPER.readTree(payload);
      return node != null && node.hasNonNull("action") ? node.get("action").asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
