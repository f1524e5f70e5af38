package dev.hookkeeper.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One POST on its own connection ({@code Connection: close}), on a plain socket, so that a fault
 * test can tell apart a request that never reached a server (connection refused: nothing was sent)
 * from one that was sent and got no answer (the server died or hung mid-request). A pooled HTTP
 * client blurs the two: a dead pooled connection fails like a request in flight.
 */
public final class OneShotPost {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OneShotPost() {}

  /** How an exchange ended. */
  public enum Outcome { ANSWERED, REFUSED, NO_ANSWER }

  /**
   * @param status the HTTP status when {@link Outcome#ANSWERED}, else 0
   * @param headers lower-case names, first value of each
   */
  public record Exchange(Outcome outcome, int status, Map<String, String> headers, String body, long nanos,
      String error) {
    public boolean ok() {
      return outcome == Outcome.ANSWERED && status >= 200 && status < 300;
    }

    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
      }
    }

    public Duration duration() {
      return Duration.ofNanos(nanos);
    }

    @Override
    public String toString() {
      return outcome + " " + status + " " + body + (error == null ? "" : " " + error) + " in " + nanos / 1_000_000
          + " ms";
    }
  }

  /** @param headers name, value, name, value, ... */
  public static Exchange send(InetSocketAddress address, String path, byte[] body, Duration timeout,
      String... headers) {
    long start = System.nanoTime();
    StringBuilder head = new StringBuilder(512).append("POST ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(address.getHostString()).append(':').append(address.getPort()).append("\r\n")
        .append("Connection: close\r\nContent-Length: ").append(body.length).append("\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket()) {
      try {
        socket.connect(address, (int) Math.min(timeout.toMillis(), 2_000));
      } catch (ConnectException e) {
        return new Exchange(Outcome.REFUSED, 0, Map.of(), "", System.nanoTime() - start, e.toString());
      }
      socket.setSoTimeout((int) timeout.toMillis());
      byte[] response;
      try {
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        response = readAll(socket.getInputStream());
      } catch (IOException e) {
        return new Exchange(Outcome.NO_ANSWER, 0, Map.of(), "", System.nanoTime() - start, e.toString());
      }
      return parse(response, System.nanoTime() - start);
    } catch (IOException e) {
      return new Exchange(Outcome.NO_ANSWER, 0, Map.of(), "", System.nanoTime() - start, e.toString());
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream(256);
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) > 0; ) got.write(buf, 0, n);
    } catch (IOException e) {
      // a reset after a complete answer still counts as the answer
      if (!complete(got.toString(StandardCharsets.ISO_8859_1))) throw e;
    }
    return got.toByteArray();
  }

  private static boolean complete(String response) {
    return response.startsWith("HTTP/1.1 ") && response.contains("\r\n\r\n");
  }

  private static Exchange parse(byte[] raw, long nanos) {
    String response = new String(raw, StandardCharsets.UTF_8);
    if (!complete(response)) {
      return new Exchange(Outcome.NO_ANSWER, 0, Map.of(), "", nanos, "incomplete answer: '" + response + "'");
    }
    int split = response.indexOf("\r\n\r\n");
    String[] lines = response.substring(0, split).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    return new Exchange(Outcome.ANSWERED, Integer.parseInt(lines[0].substring(9, 12)), headers,
        response.substring(split + 4), nanos, null);
  }
}
