package dev.hookkeeper.gitlab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on 127.0.0.1 for simulator tests: answers every delivery with the status it is
 * told, or refuses connections altogether ({@code 0}: the port is closed until told otherwise), and
 * keeps what arrived.
 */
public final class TestReceiver implements AutoCloseable {
  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private final List<InboundRequest> received = new ArrayList<>();
  private final int port;
  private HttpServer server;
  private volatile int status = 200;
  private volatile long delayMillis;

  public TestReceiver() {
    server = listen(0);
    port = server.getAddress().getPort();
  }

  private HttpServer listen(int onPort) {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 16);
      s.createContext("/", this::handle);
      s.setExecutor(threads);
      s.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
      synchronized (received) {
        received.add(new InboundRequest(Headers.of(headers), body, "127.0.0.1", Instant.now()));
      }
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      ex.sendResponseHeaders(status, 2);
      ex.getResponseBody().write("ok".getBytes(StandardCharsets.US_ASCII));
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Every later delivery gets {@code status}; {@code 0} closes the port, so connections are refused. */
  public synchronized void answer(int status) {
    if (status == 0 && server != null) {
      server.stop(0);
      server = null;
    } else if (status != 0 && server == null) {
      server = listen(port);
    }
    this.status = status;
  }

  /** Every later delivery is answered only after {@code delay} (a slow receiver, for timeouts). */
  public void delay(Duration delay) {
    this.delayMillis = delay.toMillis();
  }

  public List<InboundRequest> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) server.stop(0);
    threads.shutdownNow();
  }
}
