package dev.hookkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GitHub asks for mutating requests one at a time per token, spaced; reads are not held back. */
class GitHubMutationPacingTest {
  private static final ProviderRepoRef REPO = new ProviderRepoRef(1L, "octocat/Hello-World");

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> starts = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        String auth = request.getHeaders().get("Authorization");
        starts.add(System.nanoTime());
        if (inFlight.incrementAndGet() > 1) overlaps.add(auth);
        try {
          Thread.sleep(30);
        } finally {
          inFlight.decrementAndGet();
        }
        return new MockResponse.Builder().code(204).build();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GitHubHooksClient client(Duration spacing) {
    return new GitHubHooksClient(server.url("/").toString(), new OkHttpClient(),
        new GitHubHooksClient.Settings(1, Duration.ofMillis(1), spacing));
  }

  @Test
  void sends_one_tokens_mutations_one_at_a_time() throws Exception {
    GitHubHooksClient client = client(Duration.ZERO);
    Secret token = Secret.of("one-token");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String hookId = Integer.toString(100 + i);
        calls.add(pool.submit(() -> assertThat(client.deleteHook(token, REPO, hookId).isOk()).isTrue()));
      }
      for (Future<?> f : calls) f.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.getRequestCount()).isEqualTo(6);
    assertThat(overlaps).isEmpty();
  }

  @Test
  void spaces_one_tokens_mutations_apart() {
    GitHubHooksClient client = client(Duration.ofMillis(200));
    Secret token = Secret.of("one-token");
    client.ping(token, REPO, "1");
    client.ping(token, REPO, "1");
    assertThat(starts).hasSize(2);
    // the gap runs from the end of the first request (30 ms) to the start of the second
    assertThat(Duration.ofNanos(starts.get(1) - starts.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void does_not_hold_back_other_tokens() throws Exception {
    GitHubHooksClient client = client(Duration.ofSeconds(30));
    client.ping(Secret.of("token-a"), REPO, "1");
    long before = System.nanoTime();
    client.ping(Secret.of("token-b"), REPO, "1");
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
  }
}
