package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.contract.InboundDecoderContract;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.InboundDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The GitLab decoder holds the decoder contract on real GitLab payloads, with the headers GitLab
 * sends for a hook with a secret token (sent in plain text: it does not cover the body).
 */
class GitLabInboundDecoderContractTest extends InboundDecoderContract {
  private final GitLabInboundDecoder decoder = new GitLabInboundDecoder();

  @Override
  protected InboundDecoder decoder() {
    return decoder;
  }

  @Override
  protected Headers headersFor(String event, String deliveryId, byte[] body, Secret secret) {
    return Headers.single("X-Gitlab-Event", event, "Idempotency-Key", deliveryId,
        "X-Gitlab-Webhook-UUID", java.util.UUID.randomUUID().toString(), "X-Gitlab-Instance", "https://gitlab.example.com",
        "User-Agent", "GitLab/17.6.0", "Content-Type", "application/json",
        "X-Gitlab-Token", new String(secret.utf8(), StandardCharsets.UTF_8));
  }

  @Override
  protected List<String> requiredHeaders() {
    return List.of("X-Gitlab-Event");
  }

  @Override
  protected String hookHeader() {
    return "X-Gitlab-Token";
  }

  @Override
  protected boolean bodyIsSigned() {
    return false;
  }

  @Override
  protected Sample actedOn() {
    return new Sample("Pipeline Hook", fixture("pipeline_hook.json"), 1L);
  }

  @Override
  protected Sample notActedOn() {
    return new Sample("Deployment Hook", fixture("deployment_hook.json"), 0);
  }

  @Override
  protected String notActedOnEventName() {
    return "Deployment Hook";
  }

  private static byte[] fixture(String name) {
    try {
      return GitLabInboundDecoderTest.fixture(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
