package dev.hookkeeper.app.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bytes of one GitHub delivery as GitHub sends it: a real payload, a valid
 * {@code X-Hub-Signature-256}, and a delivery id unique per request. The body and its signature
 * are computed once; only the delivery id changes.
 */
final class SignedDelivery {
  private final String host;
  private final String path;
  private final String hookId;
  private final String event;
  private final byte[] body;
  private final String signature;

  SignedDelivery(String host, String path, String hookId, String event, byte[] body, String secret) {
    this.host = host;
    this.path = path;
    this.hookId = hookId;
    this.event = event;
    this.body = body;
    this.signature = "sha256=" + hmac(secret, body);
  }

  byte[] request() {
    String head = "POST " + path + " HTTP/1.1\r\n"
        + "Host: " + host + "\r\n"
        + "User-Agent: GitHub-Hookshot/bench\r\n"
        + "Content-Type: application/json\r\n"
        + "X-GitHub-Event: " + event + "\r\n"
        + "X-GitHub-Delivery: " + UUID.randomUUID() + "\r\n"
        + "X-GitHub-Hook-ID: " + hookId + "\r\n"
        + "X-Hub-Signature-256: " + signature + "\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  static String hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
