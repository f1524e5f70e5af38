package dev.hookkeeper.gitlab.simulator;

import com.sun.net.httpserver.HttpServer;
import dev.hookkeeper.gitlab.simulator.SimulatorDeliverer.Planned;
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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stateful, in-process fake GitLab on 127.0.0.1 (random port): users and their tokens, projects
 * with per-user roles, the project hooks API (CRUD, test, events, resend) with GitLab's status codes
 * and error bodies, outage and rate-limit switches, and hook deliveries with GitLab's real headers
 * and auto-disable rule. For tests and the offline demo; close it when done.
 *
 * <p>Deviations from GitLab, on purpose: deliveries go only to loopback URLs (127.0.0.1, localhost;
 * any other target is recorded as a failed delivery without a connection), which GitLab itself
 * refuses unless an admin allows local requests; and the test endpoint has no 5/min limit.
 */
public final class GitLabSimulator implements AutoCloseable {

  /** GitLab roles and their access levels. Hooks need {@link #MAINTAINER} or higher. */
  public enum Role {
    GUEST(10), REPORTER(20), DEVELOPER(30), MAINTAINER(40), OWNER(50);

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
  public record Hook(long id, long projectId, String url, String token, String signingToken, List<String> events,
      String alertStatus, Instant disabledUntil, int consecutiveFailures) {
    @Override
    public String toString() {
      return "Hook[" + id + " project=" + projectId + " " + url + " " + events + " " + alertStatus + "]";
    }
  }

  /** One delivery attempt: the receiver's status ({@code 0} when it could not be reached). */
  public record Attempt(long hookId, int statusCode, String responseBody) {
    public boolean success() {
      return statusCode >= 200 && statusCode < 300;
    }
  }

  static {
    // The JDK server writes headers and body separately; with Nagle on, each answer then waits for
    // a delayed ACK (~40 ms on loopback). Read once, when the JDK's first HttpServer is made.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final SimulatorState state;
  private final SimulatorDeliverer deliverer;
  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;

  private GitLabSimulator(InstantSource clock) throws IOException {
    this.state = new SimulatorState(clock);
    this.deliverer = new SimulatorDeliverer(clock);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "gitlab-simulator");
      t.setDaemon(true);
      return t;
    });
    server.createContext("/", new SimulatorApi(state, deliverer, baseUrl));
    server.setExecutor(executor);
    server.start();
  }

  public static GitLabSimulator start() {
    return start(Clock.systemUTC());
  }

  /** @param clock drives auto-disable backoff, {@code disabled_until} and signing timestamps */
  public static GitLabSimulator start(InstantSource clock) {
    try {
      return new GitLabSimulator(Objects.requireNonNull(clock, "clock == null"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the GitLab simulator to 127.0.0.1", e);
    }
  }

  /** The instance URL to give the adapter's GitLabHooksClient, e.g. {@code http://127.0.0.1:40123}. */
  public String baseUrl() {
    return baseUrl;
  }

  public void addUser(String username, String token) {
    synchronized (state) {
      state.usersByToken.put(token, new SimulatorState.User(state.nextUserId++, username));
    }
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

  /** Rename or transfer: the path changes, the id (and every hook) stays. */
  public void renameProject(String oldPath, String newPath) {
    synchronized (state) {
      state.requireProject(oldPath).path = Objects.requireNonNull(newPath, "newPath == null");
    }
  }

  /** {@code private}, {@code internal} or {@code public}; everyone may see a public project. */
  public void setVisibility(String projectPath, String visibility) {
    synchronized (state) {
      state.requireProject(projectPath).visibility = Objects.requireNonNull(visibility, "visibility == null");
    }
  }

  /** Deletes a hook behind Hookkeeper's back, as a maintainer would in GitLab's UI. */
  public void removeHook(String projectPath, long hookId) {
    synchronized (state) {
      state.requireProject(projectPath).hooks.remove(hookId);
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
      state.projects.values().forEach(p -> {
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
        h.flags.forEach((flag, on) -> {
          if (on) events.add(flag);
        });
        out.add(new Hook(h.id, h.projectId, h.url, h.token, h.signingToken, List.copyOf(events),
            h.alertStatus(now), h.executable(now) ? null : h.disabledUntil, h.consecutiveFailures));
      }
      return out;
    }
  }

  /**
   * Delivers {@code payload} as event {@code eventHeader} (e.g. {@code Pipeline Hook}) to every hook
   * of the project subscribed to it and not disabled, like GitLab: one {@code X-Gitlab-Event-UUID}
   * for the event, a fresh {@code Idempotency-Key} and {@code X-Gitlab-Webhook-UUID} per hook.
   * Synchronous; returns one attempt per hook tried.
   */
  public List<Attempt> deliver(String projectPath, String eventHeader, byte[] payload) {
    String flag = SimEventNames.flagFor(eventHeader);
    List<Planned> planned = new ArrayList<>();
    long projectId;
    String version;
    synchronized (state) {
      SimProject p = state.requireProject(projectPath);
      projectId = p.id;
      version = state.version;
      p.lastPayloads.put(eventHeader, payload.clone());
      String eventUuid = UUID.randomUUID().toString();
      Instant now = state.clock.instant();
      for (SimHook h : p.hooks.values()) {
        if (flag != null && h.subscribed(flag) && h.executable(now)) {
          planned.add(SimulatorApi.plan(h, eventHeader, payload.clone(), null, eventUuid));
        }
      }
    }
    List<Attempt> attempts = new ArrayList<>();
    for (Planned each : planned) {
      SimulatorDeliverer.Outcome outcome = deliverer.send(each, version, baseUrl);
      synchronized (state) {
        SimulatorApi.record(state, projectId, each, outcome);
      }
      attempts.add(new Attempt(each.hookId(), outcome.status(), outcome.responseBody()));
    }
    return attempts;
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
