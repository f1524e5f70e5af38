package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A stateful, in-process GitHub for tests and the offline demo, held to GitHub's documented and
 * recorded behaviour (provider-facts.md), not to Hookkeeper's client: the repository, hooks,
 * deliveries and Actions runs REST endpoints with GitHub's status codes, headers and error bodies;
 * scopes ({@code write:repo_hook} cannot delete), roles, budgets and rate limits per token; signed
 * deliveries with every attempt logged for 3 days; redelivery; {@code ping}, {@code meta}, {@code
 * repository} events; runs fired with their {@code workflow_job}/{@code workflow_run} webhooks.
 * Listens on 127.0.0.1 only and delivers only to loopback URLs; unlike GitHub it accepts {@code
 * localhost} hook URLs, which is what it is for. Time comes from the clock given to {@link #start}.
 *
 * <pre>{@code
 * try (GitHubSimulator github = GitHubSimulator.start()) {
 *   github.addRepository("octo-org/octo-repo", 300029405L, false, "main");
 *   github.addUser("octocat", "tok", List.of("repo", "admin:repo_hook"));
 *   github.grant("octocat", "octo-org/octo-repo", GitHubSimulator.Role.ADMIN);
 *   // point the adapter's GitHubHooksClient at github.baseUrl(), connect, then:
 *   github.fireWorkflowRun("octo-org/octo-repo", FiredRun.ci(false));
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
      long id,
      String repoFullName,
      String url,
      List<String> events,
      boolean active,
      String contentType,
      String insecureSsl,
      String secret) {
    @Override
    public String toString() {
      return "SimulatedHook["
          + id
          + " "
          + repoFullName
          + " "
          + url
          + " "
          + events
          + " active="
          + active
          + " "
          + contentType
          + " secret="
          + (secret == null ? "none" : "[redacted]")
          + "]";
    }
  }

  /**
   * One delivery attempt as GitHub's delivery log records it.
   *
   * @param statusCode the receiver's HTTP status; 502 when it could not be reached
   */
  public record SimulatedDelivery(
      long id,
      String guid,
      long hookId,
      String event,
      String action,
      boolean redelivery,
      int statusCode,
      String status,
      Instant deliveredAt) {}

  /** A fired run: its id in the Actions API, and the webhook deliveries it caused. */
  public record SimulatedRun(long runId, List<SimulatedDelivery> deliveries) {}

  private final HttpServer server;
  private final ExecutorService serverThreads;
  private final SimState state;
  private final Hookshot hookshot;
  private final SimChanges outOfBand;
  private final GitHubOutOfBand outOfBandControls;
  private final String baseUrl;

  private GitHubSimulator(HttpServer server, ExecutorService serverThreads, InstantSource clock) {
    this.server = server;
    this.serverThreads = serverThreads;
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    this.state = new SimState(clock);
    this.hookshot = new Hookshot(state);
    SimJson json = new SimJson(baseUrl);
    SimPayloads payloads = new SimPayloads(json);
    this.outOfBand = new SimChanges(state, payloads, new SimRuns(state, json, baseUrl));
    this.outOfBandControls = new GitHubOutOfBand(state, outOfBand, hookshot);
    server.createContext("/", new SimApi(state, hookshot, json, payloads, baseUrl));
    server.createContext("/login/oauth/", new SimOAuth(state));
  }

  /** Starts on 127.0.0.1 and a free port, on the system clock. */
  public static GitHubSimulator start() {
    return start(InstantSource.system());
  }

  /**
   * @param clock drives delivery times, retention, run times and rate-limit windows
   */
  public static GitHubSimulator start(InstantSource clock) {
    Objects.requireNonNull(clock, "clock == null");
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      ExecutorService threads =
          Executors.newFixedThreadPool(
              4,
              r -> {
                Thread t = new Thread(r, "github-simulator-api");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(threads);
      GitHubSimulator simulator = new GitHubSimulator(server, threads, clock);
      server.start();
      return simulator;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the GitHub simulator", e);
    }
  }

  /**
   * The API base URL, to give the adapter's GitHubHooksClient, e.g. {@code http://127.0.0.1:49152}.
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The web base URL (github.com's part: the OAuth pages). The simulator serves it on the same port
   * as the API, so it equals {@link #baseUrl()}.
   */
  public String webUrl() {
    return baseUrl;
  }

  // ---- set-up ----

  /**
   * Registers an OAuth App: its authorize page, code exchange and {@code gho_} tokens (which do not
   * expire, as OAuth App tokens by default do not).
   *
   * @param callbackUrl the registered authorization callback URL; redirect URIs must be at or below
   *     it
   */
  public GitHubSimulator registerOAuthApp(
      String clientId, String clientSecret, String callbackUrl, String name) {
    Objects.requireNonNull(clientId, "clientId == null");
    Objects.requireNonNull(clientSecret, "clientSecret == null");
    Objects.requireNonNull(callbackUrl, "callbackUrl == null");
    Objects.requireNonNull(name, "name == null");
    return locked(
        () -> {
          state.oauthApps.put(clientId, new SimOAuthApp(clientId, clientSecret, callbackUrl, name));
          return this;
        });
  }

  /**
   * Who is signed in to the simulated github.com in the browser: the authorize page asks them to
   * consent.
   */
  public GitHubSimulator browserSignIn(String login) {
    return locked(
        () -> {
          state.userByLogin(login);
          state.browserLogin = login;
          return this;
        });
  }

  public GitHubSimulator addRepository(
      String fullName, long id, boolean privateRepo, String defaultBranch) {
    Objects.requireNonNull(fullName, "fullName == null");
    if (!fullName.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"))
      throw new IllegalArgumentException("'fullName' must be owner/name");
    if (id <= 0) throw new IllegalArgumentException("'id' must be positive");
    return locked(
        () -> {
          if (state.repos.containsKey(id) || state.repoByName(fullName) != null) {
            throw new IllegalArgumentException("repository already simulated: " + fullName);
          }
          state.repos.put(id, new SimRepo(id, fullName, privateRepo, defaultBranch));
          return this;
        });
  }

  /** A user with a classic token: every answer carries {@code X-OAuth-Scopes} with these scopes. */
  public GitHubSimulator addUser(String login, String token, List<String> scopes) {
    return addUser0(login, token, Objects.requireNonNull(scopes, "scopes == null"));
  }

  /** A user with a classic token and a role on each named repository. */
  public GitHubSimulator addUser(
      String login, String token, List<String> scopes, Map<String, Role> rolesByRepo) {
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
    return locked(
        () -> {
          if (state.usersByToken.containsKey(token))
            throw new IllegalArgumentException("token already in use");
          state.addUser(login, token, scopes);
          return this;
        });
  }

  public GitHubSimulator grant(String login, String repoFullName, Role role) {
    Objects.requireNonNull(role, "role == null");
    return locked(
        () -> {
          state.userByLogin(login).roles.put(state.repoOrThrow(repoFullName).id, role);
          return this;
        });
  }

  /**
   * A hook created by someone else (through GitHub's UI, another tool): no ping, any content type.
   *
   * @param secret {@code null} for a hook without secret
   * @return the new hook's id
   */
  public long addHook(
      String repoFullName, String url, List<String> events, String contentType, String secret) {
    return locked(() -> outOfBand.addHook(repoFullName, url, events, contentType, secret));
  }

  /** Adds hooks from another tool until {@code event} is at GitHub's limit of 20 hooks. */
  public void fillHookLimit(String repoFullName, String event) {
    locked(
        () -> {
          outOfBand.fillHookLimit(repoFullName, event);
          return null;
        });
  }

  // ---- faults and limits ----

  /** While down, every API request is answered 503. */
  public void outage(boolean down) {
    locked(() -> state.down = down);
  }

  /** The next API request is answered as rate limited (see {@link #rateLimitNextRequests}). */
  public void rateLimitNextRequest() {
    rateLimitNextRequests(1);
  }

  /**
   * The next {@code count} API requests are answered 403 with {@code X-RateLimit-Remaining: 0},
   * reset 60 s ahead.
   */
  public void rateLimitNextRequests(int count) {
    locked(() -> state.rateLimitedRequests = count);
  }

  /** The next request hits a secondary rate limit: 403, {@code Retry-After}, GitHub's message. */
  public void secondaryRateLimitNext(Duration retryAfter) {
    locked(
        () -> state.secondaryLimitNext = Objects.requireNonNull(retryAfter, "retryAfter == null"));
  }

  /**
   * Each token may make {@code limit} requests per {@code window} (GitHub: 5,000 an hour), then
   * gets 403 {@code API rate limit exceeded} until its reset. Every budget starts afresh.
   */
  public void rateBudget(int limit, Duration window) {
    if (limit < 0) throw new IllegalArgumentException("'limit' must not be negative");
    locked(
        () -> {
          state.budgetLimit = limit;
          state.budgetWindow = Objects.requireNonNull(window, "window == null");
          state.usersByToken.values().forEach(u -> u.resetAt = null);
          return null;
        });
  }

  /**
   * How many requests were refused with 403 {@code API rate limit exceeded} because their token's
   * budget was spent.
   */
  public int budgetRefusals() {
    return locked(() -> state.budgetRefusals);
  }

  /**
   * How long a receiver may take before the attempt is logged as {@code timed out} (GitHub.com: 10
   * s).
   */
  public void deliveryTimeout(Duration timeout) {
    locked(() -> state.deliveryTimeout = Objects.requireNonNull(timeout, "timeout == null"));
  }

  /** People, tokens and repositories changing on GitHub behind the API's back. */
  public GitHubOutOfBand outOfBand() {
    return outOfBandControls;
  }

  // ---- events ----

  /**
   * Runs CI once: the run appears in the Actions API, and every active hook subscribed to the
   * events gets one {@code workflow_job} {@code completed} per job, then {@code workflow_run}
   * {@code completed}, built from real payloads. Synchronous: every attempt, failed ones included
   * (receiver down, timing out, non-2xx), is logged when this returns.
   */
  public SimulatedRun fireWorkflowRun(String repoFullName, FiredRun run) {
    long[] id = new long[1];
    List<Hookshot.Shot> shots = locked(() -> outOfBand.fire(repoFullName, run, id));
    List<SimulatedDelivery> out = new ArrayList<>();
    for (Hookshot.Shot shot : shots) out.add(hookshot.send(shot).view());
    return new SimulatedRun(id[0], out);
  }

  /**
   * Delivers {@code payload} as event {@code event} to every active hook of the repository that
   * subscribes to it (or to {@code *}), signed with each hook's secret, under one shared {@code
   * X-GitHub-Delivery} GUID as GitHub does. Synchronous: returns once every receiver answered.
   */
  public List<SimulatedDelivery> deliver(String repoFullName, String event, byte[] payload) {
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(payload, "payload == null");
    List<Hookshot.Shot> shots =
        locked(
            () ->
                SimChanges.toSubscribers(
                    state.repoOrThrow(repoFullName), event, actionOf(payload), payload));
    List<SimulatedDelivery> out = new ArrayList<>();
    for (Hookshot.Shot shot : shots) out.add(hookshot.send(shot).view());
    return out;
  }

  /**
   * Waits until background deliveries (pings, redeliveries, meta, repository events) are done;
   * false on timeout.
   */
  public boolean awaitIdle(Duration timeout) {
    try {
      return hookshot.awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---- inspecting ----

  /** The repository's hooks, with the secrets GitHub holds for them. */
  /**
   * Every REST API request the simulator answered, as {@code "METHOD path status"}, oldest first.
   */
  public List<String> requests() {
    synchronized (state) {
      return List.copyOf(state.journal);
    }
  }

  public List<SimulatedHook> hooks(String repoFullName) {
    return locked(
        () -> {
          SimRepo repo = state.repoOrThrow(repoFullName);
          return repo.hooks.values().stream().map(h -> h.view(repo.fullName)).toList();
        });
  }

  /** Every delivery attempt to the hook, oldest first, including those past GitHub's retention. */
  public List<SimulatedDelivery> deliveries(String repoFullName, long hookId) {
    return locked(
        () -> {
          SimHook hook = state.repoOrThrow(repoFullName).hooks.get(hookId);
          return hook == null
              ? List.<SimulatedDelivery>of()
              : hook.deliveries.stream().map(SimDelivery::view).toList();
        });
  }

  @Override
  public void close() {
    server.stop(0);
    serverThreads.shutdownNow();
    hookshot.close();
  }

  private <T> T locked(Supplier<T> work) {
    synchronized (state) {
      return work.get();
    }
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
