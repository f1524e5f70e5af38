package dev.hookkeeper.app.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Real provider payloads retargeted at the test repositories, and GitHub's signature over them. */
public final class Payloads {
  private static final DemoPayloads PAYLOADS = new DemoPayloads();

  private Payloads() {}

  public static byte[] githubRun(long runId, String conclusion, Instant createdAt) {
    return PAYLOADS.githubWorkflowRun(
        TestApp.GH_REPO, TestApp.GH_REPO_ID, runId, conclusion, createdAt);
  }

  /** A completed run of workflow "CI" on {@code branch}. */
  public static byte[] githubRun(long runId, String conclusion, Instant createdAt, String branch) {
    return PAYLOADS.githubWorkflowRun(
        TestApp.GH_REPO, TestApp.GH_REPO_ID, runId, conclusion, createdAt, branch);
  }

  public static byte[] gitlabPipeline(
      long projectId, long pipelineId, String status, Instant createdAt) {
    return PAYLOADS.gitlabPipeline(TestApp.GL_PROJECT, projectId, pipelineId, status, createdAt);
  }

  /** {@code sha256=<hex HMAC-SHA256>} as GitHub sends it in X-Hub-Signature-256. */
  public static String githubSignature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
