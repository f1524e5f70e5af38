package dev.hookkeeper.gitlab.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stateful, in-process GitLab on 127.0.0.1 (random port), held to GitLab's documented behaviour
 * (provider-facts.md), not to Hookkeeper's client: users with scoped tokens (revocable, expirable),
 * projects with roles (renamed ones redirect GET and refuse the rest), the project hooks API (CRUD,
 * test and resend at 5 a minute, events for 7 days) and the pipelines API, with GitLab's status
 * codes, error bodies, paging and {@code RateLimit-*} headers; pipelines fired with their Job and
 * Pipeline Hooks; deliveries with GitLab's headers and auto-disable rule. Time comes from the clock
 * given to {@link #start(InstantSource)}. For tests and the offline demo; close it when done.
 *
 * <p>Deviation from GitLab, on purpose: deliveries go only to loopback URLs (127.0.0.1, localhost;
 * any other target is recorded as a failed delivery without a connection), which GitLab itself
 * refuses unless an admin allows local requests.
 */
public final class GitLabSimulator implements AutoCloseable {

  /** GitLab roles and their access levels. Hooks need {@link #MAINTAINER} or higher. */
  public enum Role {
    GUEST(10),
    REPORTER(20),
    DEVELOPER(30),
    MAINTAINER(40),
    OWNER(50);

    private final int accessLevel;

    Role(int accessLevel) {
      this.accessLevel = accessLevel;
    }

    public int accessLevel() {
      return accessLevel;
    }
  }

  /**
   * A hook as the simulator holds it, including the token GitLab never returns.
   *
   * @param alertStatus {@code executable}, {@code temporarily_disabled} or {@code disabled}
   * @param disabledUntil end of a temporary disable; {@code null} otherwise
   */
  public record Hook(
      long id,
      long projectId,
      String url,
      String token,
      String signingToken,
      List<String> events,
      String alertStatus,
      Instant disabledUntil,
      int consecutiveFailures) {
    @Override
    public String toString() {
      return "Hook["
          + id
          + " project="
          + projectId
          + " "
          + url
          + " "
          + events
          + " "
          + alertStatus
          + "]";
    }
  }

  /** A fired pipeline: its id in the pipelines API, and the hook deliveries it caused. */
  public record SimulatedPipeline(long pipelineId, List<Attempt> attempts) {}

  /** One delivery attempt: the receiver's status ({@code 0} when it could not be reached). */
  public record Attempt(long hookId, int statusCode, String responseBody) {
    public boolean success() {
      return statusCode >= 200 && statusCode < 300;
    }
  }

  static {
    // without TCP_NODELAY each answer waits for a delayed ACK (docs/providers/gitlab.md)
    if (System.getProperty("sun.net.httpserver.nodelay") == null)
      System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final SimulatorState state;
  private final SimulatorDeliverer deliverer;
  private final SimulatorPipelines pipelines;
  private final GitLabOutOfBand outOfBand;
  private final SimulatorDispatch dispatch;
  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;

  private GitLabSimulator(InstantSource clock) throws IOException {
    this.state = new SimulatorState(clock);
    this.deliverer = new SimulatorDeliverer(clock);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "gitlab-simulator");
              t.setDaemon(true);
              return t;
            });
    this.pipelines = new SimulatorPipelines(baseUrl);
    this.outOfBand = new GitLabOutOfBand(state);
    this.dispatch = new SimulatorDispatch(state, deliverer, baseUrl);
    server.createContext("/", new SimulatorApi(state, deliverer, pipelines, baseUrl));
    server.createContext("/oauth/", new SimulatorOAuth(state));
    server.setExecutor(executor);
    server.start();
  }

  public static GitLabSimulator start() {
    return start(Clock.systemUTC());
  }

  /**
   * @param clock drives auto-disable backoff, {@code disabled_until} and signing timestamps
   */
  public static GitLabSimulator start(InstantSource clock) {
    try {
      return new GitLabSimulator(Objects.requireNonNull(clock, "clock == null"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the GitLab simulator to 127.0.0.1", e);
    }
  }

  /**
   * The instance URL to give the adapter's GitLabHooksClient, e.g. {@code http://127.0.0.1:40123}.
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Registers a confidential OAuth application: its consent page, codes (PKCE S256 checked when a
   * challenge was sent) and 2 h tokens with rotating refresh tokens.
   *
   * @param redirectUri the one callback URL the application accepts
   */
  public void registerOAuthApp(
      String clientId, String clientSecret, String redirectUri, String name) {
    Objects.requireNonNull(clientId, "clientId == null");
    Objects.requireNonNull(clientSecret, "clientSecret == null");
    Objects.requireNonNull(redirectUri, "redirectUri == null");
    Objects.requireNonNull(name, "name == null");
    synchronized (state) {
      state.oauthApps.put(clientId, new SimOAuthApp(clientId, clientSecret, redirectUri, name));
    }
  }

  /** Who is signed in to the simulated GitLab in the browser: the consent page asks them. */
  public void browserSignIn(String username) {
    synchronized (state) {
      if (state.usersByToken.values().stream().noneMatch(u -> u.username().equals(username))) {
        throw new IllegalArgumentException("no simulated user " + username);
      }
      state.browserUser = username;
    }
  }

  /** A user whose token has scope {@code api}. */
  public void addUser(String username, String token) {
    addUser(username, token, List.of("api"));
  }

  /** A user whose token has these scopes ({@code api}, {@code read_api}, …). */
  public void addUser(String username, String token, List<String> scopes) {
    synchronized (state) {
      state.usersByToken.put(
          token, new SimUser(state.nextUserId++, username, new java.util.LinkedHashSet<>(scopes)));
    }
  }

  /** People, tokens and projects changing on GitLab behind the API's back. */
  public GitLabOutOfBand outOfBand() {
    return outOfBand;
  }

  /** A private project with default branch {@code main}; returns its id. */
  public long addProject(String pathWithNamespace) {
    synchronized (state) {
      SimProject p = new SimProject(state.nextProjectId++, pathWithNamespace);
      state.projects.put(p.id, p);
      return p.id;
    }
  }

  public void grant(String username, String projectPath, Role role) {
    synchronized (state) {
      state.requireProject(projectPath).members.put(username, role.accessLevel());
    }
  }

  /** {@code private}, {@code internal} or {@code public}; everyone may see a public project. */
  public void setVisibility(String projectPath, String visibility) {
    synchronized (state) {
      state.requireProject(projectPath).visibility =
          Objects.requireNonNull(visibility, "visibility == null");
    }
  }

  /** e.g. {@code 16.10.0} to act as an instance without the hook test/events/resend APIs. */
  public void setVersion(String version) {
    synchronized (state) {
      state.version = Objects.requireNonNull(version, "version == null");
    }
  }

  /** While down, every API request is answered 502. */
  public void setOutage(boolean down) {
    synchronized (state) {
      state.outage = down;
    }
  }

  /** The next API request is answered 429 with {@code Retry-After} and {@code RateLimit-Reset}. */
  public void rateLimitNextRequest(Duration retryAfter) {
    synchronized (state) {
      state.rateLimitNext = Objects.requireNonNull(retryAfter, "retryAfter == null");
    }
  }

  /**
   * Each token may make {@code limit} API requests per {@code window} (GitLab.com's authenticated
   * API limit is 2,000 a minute), then gets 429 with {@code Retry-After}. Every budget starts
   * afresh.
   */
  public void rateBudget(int limit, Duration window) {
    synchronized (state) {
      state.budgetLimit = limit;
      state.budgetWindow = Objects.requireNonNull(window, "window == null");
      state.usersByToken.values().forEach(u -> u.resetAt = null);
    }
  }

  /** How many API requests were refused with 429 because their token's budget was spent. */
  public int budgetRefusals() {
    synchronized (state) {
      return state.budgetRefusals;
    }
  }

  /** How long a receiver may take before the attempt counts as failed (GitLab.com: 10 s). */
  public void deliveryTimeout(Duration timeout) {
    synchronized (state) {
      state.deliveryTimeout = Objects.requireNonNull(timeout, "timeout == null");
    }
  }

  public void setHookLimit(int limit) {
    synchronized (state) {
      state.hookLimit = limit;
    }
  }

  /** Adds placeholder hooks until the project is at the hook limit. */
  public void fillHookLimit(String projectPath) {
    synchronized (state) {
      SimProject p = state.requireProject(projectPath);
      while (p.hooks.size() < state.hookLimit) {
        SimHook h = new SimHook(state.nextHookId++, p.id, state.clock.instant());
        h.url = "https://filler.example.com/hook/" + h.id;
        p.hooks.put(h.id, h);
      }
    }
  }

  /** Removes every hook and clears the outage and rate-limit switches; users and projects stay. */
  public void reset() {
    synchronized (state) {
      state
          .projects
          .values()
          .forEach(
              p -> {
                p.hooks.clear();
                p.lastPayloads.clear();
              });
      state.outage = false;
      state.rateLimitNext = null;
      state.hookLimit = 100;
    }
  }

  public List<Hook> hooks(String projectPath) {
    synchronized (state) {
      Instant now = state.clock.instant();
      List<Hook> out = new ArrayList<>();
      for (SimHook h : state.requireProject(projectPath).hooks.values()) {
        List<String> events = new ArrayList<>();
        h.flags.forEach(
            (flag, on) -> {
              if (on) events.add(flag);
            });
        out.add(
            new Hook(
                h.id,
                h.projectId,
                h.url,
                h.token,
                h.signingToken,
                List.copyOf(events),
                h.alertStatus(now),
                h.executable(now) ? null : h.disabledUntil,
                h.consecutiveFailures));
      }
      return out;
    }
  }

  /**
   * Delivers {@code payload} as event {@code eventHeader} (e.g. {@code Pipeline Hook}) to every
   * hook of the project subscribed to it and not disabled, like GitLab: one {@code
   * X-Gitlab-Event-UUID} for the event, a fresh {@code Idempotency-Key} and {@code
   * X-Gitlab-Webhook-UUID} per hook. Synchronous; returns one attempt per hook tried.
   */
  public List<Attempt> deliver(String projectPath, String eventHeader, byte[] payload) {
    long projectId;
    synchronized (state) {
      projectId = state.requireProject(projectPath).id;
    }
    return dispatch.deliver(projectId, eventHeader, payload);
  }

  /**
   * Runs CI once: the pipeline appears in the pipelines API, and every subscribed hook that is not
   * disabled gets one Job Hook per job, then the Pipeline Hook (with {@code builds[]}), built from
   * real payloads and carrying the project's current path. Synchronous: every attempt, failed ones
   * included (receiver down, timing out, non-2xx), is logged and counted by the auto-disable rule
   * when this returns.
   */
  public SimulatedPipeline firePipeline(String projectPath, FiredPipeline spec) {
    Objects.requireNonNull(spec, "spec == null");
    SimPipeline pipeline;
    List<String> headers = new ArrayList<>();
    List<byte[]> payloads = new ArrayList<>();
    long projectId;
    synchronized (state) {
      SimProject project = state.requireProject(projectPath);
      projectId = project.id;
      SimUser user =
          state.usersByToken.values().stream()
              .filter(u -> project.members.containsKey(u.username()))
              .findFirst()
              .orElse(null);
      pipeline = pipelines.create(state, project, spec);
      for (SimPipeline.Job job : pipeline.jobs()) {
        headers.add("Job Hook");
        payloads.add(pipelines.jobHook(project, pipeline, job, user));
      }
      headers.add("Pipeline Hook");
      payloads.add(pipelines.pipelineHook(project, pipeline, user));
    }
    List<Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++)
      attempts.addAll(dispatch.deliver(projectId, headers.get(i), payloads.get(i)));
    return new SimulatedPipeline(pipeline.id(), attempts);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deliverer.close();
  }
}
