package dev.hookkeeper.gitlab;

import com.sun.net.httpserver.HttpServer;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on 127.0.0.1 for simulator tests: answers every delivery with the status it is
 * told ({@code 0}: drops the connection without an answer) and keeps what arrived.
 */
public final class TestReceiver implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private final List<InboundRequest> received = new ArrayList<>();
  private volatile int status = 200;

  public TestReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", ex -> {
      try (ex) {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        synchronized (received) {
          received.add(new InboundRequest(Headers.of(headers), body, "127.0.0.1", Instant.now()));
        }
        int answer = status;
        if (answer == 0) return; // closed without an answer: the sender sees a broken connection
        ex.sendResponseHeaders(answer, 2);
        ex.getResponseBody().write("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
    });
    server.setExecutor(threads);
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Every later delivery gets {@code status}; {@code 0} drops the connection. */
  public void answer(int status) {
    this.status = status;
  }

  public List<InboundRequest> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
