package dev.hookkeeper.core.model;

import java.util.Objects;

/**
 * The verdict on a delivery's authenticity.
 *
 * @param reason {@code null} when valid; otherwise a precise machine-readable code such as
 *     {@code signature_missing}, {@code signature_sha1_only}, {@code signature_malformed},
 *     {@code signature_mismatch}, {@code token_missing}, {@code token_mismatch},
 *     {@code unknown_hook}, {@code timestamp_out_of_range}. It feeds the hook's delivery log so a
 *     user can see why a delivery was refused; it never reaches the sender.
 */
public record SignatureCheck(boolean valid, String reason) {
  public static final SignatureCheck VALID = new SignatureCheck(true, null);

  public SignatureCheck {
    if (!valid) Objects.requireNonNull(reason, "an invalid check needs a reason");
  }

  public static SignatureCheck rejected(String reason) {
    return new SignatureCheck(false, reason);
  }
}
