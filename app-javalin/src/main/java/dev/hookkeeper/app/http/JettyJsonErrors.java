package dev.hookkeeper.app.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches Javalin (a malformed request line, headers too
 * large) in the API's JSON shape instead of an HTML page. The message is the status's standard
 * reason phrase only: Jetty's own detail can echo what the client sent.
 */
final class JettyJsonErrors extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) throws IOException {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body(code)), callback);
  }

  static byte[] body(int code) {
    String error = code == 400 ? "bad_request" : code == 431 ? "headers_too_large" : "http_" + code;
    String reason = HttpStatus.getMessage(code);
    return ("{\"error\":\"" + error + "\",\"message\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
