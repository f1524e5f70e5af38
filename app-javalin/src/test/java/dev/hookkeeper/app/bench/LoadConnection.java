package dev.hookkeeper.app.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** One keep-alive HTTP/1.1 connection, used by one thread: write a request, read the status. */
final class LoadConnection implements AutoCloseable {
  private final InetSocketAddress address;
  private final int timeoutMillis;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  LoadConnection(InetSocketAddress address, int timeoutMillis) {
    this.address = address;
    this.timeoutMillis = timeoutMillis;
  }

  /** Sends the request and returns the response status; reconnects once if the server closed it. */
  int exchange(byte[] request) throws IOException {
    try {
      return attempt(request);
    } catch (IOException first) {
      close();
      return attempt(request);
    }
  }

  /** Opens the connection now rather than on the first request. */
  void connect() throws IOException {
    if (socket == null) open();
  }

  private int attempt(byte[] request) throws IOException {
    if (socket == null) open();
    out.write(request);
    out.flush();
    return readResponse();
  }

  private void open() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(timeoutMillis);
    socket.connect(address, timeoutMillis);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 8192);
  }

  private int readResponse() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ")) throw new IOException("not an HTTP response: " + status);
    int code = Integer.parseInt(status.substring(9, 12));
    int length = 0;
    boolean close = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase();
      if (lower.startsWith("content-length:")) length = Integer.parseInt(h.substring(15).trim());
      if (lower.startsWith("connection:") && lower.contains("close")) close = true;
    }
    in.skipNBytes(length);
    if (close) close();
    return code;
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c == -1) throw new IOException("connection closed by server");
      if (c != '\r') sb.append((char) c);
    }
    return sb.toString();
  }

  @Override
  public void close() {
    if (socket == null) return;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a socket that is already broken
    }
    socket = null;
  }
}
