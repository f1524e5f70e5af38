package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The one provider hook Hookkeeper keeps on a repository, shared by every connection to it.
 *
 * @param providerHookId the provider's hook id; {@code null} until the provider created the hook
 * @param secret the current secret, encrypted with this hook's id as associated data
 * @param previousSecret the secret before the last rotation, still accepted; {@code null} if none
 * @param tokenLookupHash hex SHA-256 of the plaintext secret; GitLab sends the token, not a hook
 *     id, so this is how an inbound GitLab delivery finds its hook
 * @param failureReason why the hook is {@link HookStatus#FAILED} or {@link HookStatus#INACTIVE};
 *     {@code null} otherwise
 * @param failureMessage the provider's words for {@code failureReason}; {@code null} when none
 * @param managedBy the user whose provider token manages (creates, updates, deletes) the hook
 * @param lastDeliveryAt the last authentic delivery; {@code null} before the first
 * @param secretSetAt when the current secret was made (at creation, or the last rotation): its age
 *     decides an automatic rotation ({@code HOOKKEEPER_SECRET_MAX_AGE}), and the previous secret is
 *     retired a grace period after it
 */
public record RepositoryHook(
    HookId id,
    RepositoryId repositoryId,
    Provider provider,
    String providerHookId,
    EncryptedSecret secret,
    EncryptedSecret previousSecret,
    String tokenLookupHash,
    String url,
    List<String> events,
    HookStatus status,
    FailureReason failureReason,
    String failureMessage,
    UserId managedBy,
    int secretVersion,
    Instant createdAt,
    Instant updatedAt,
    Instant lastDeliveryAt,
    Instant secretSetAt) {

  public RepositoryHook {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(secret, "secret == null");
    Objects.requireNonNull(tokenLookupHash, "tokenLookupHash == null");
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(managedBy, "managedBy == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(updatedAt, "updatedAt == null");
    Objects.requireNonNull(secretSetAt, "secretSetAt == null");
    events = List.copyOf(events);
    if (secretVersion < 1) throw new IllegalArgumentException("'secretVersion' must be at least 1");
  }

  /** A hook whose secret was made when the hook was: {@code secretSetAt} is {@code createdAt}. */
  public RepositoryHook(
      HookId id,
      RepositoryId repositoryId,
      Provider provider,
      String providerHookId,
      EncryptedSecret secret,
      EncryptedSecret previousSecret,
      String tokenLookupHash,
      String url,
      List<String> events,
      HookStatus status,
      FailureReason failureReason,
      String failureMessage,
      UserId managedBy,
      int secretVersion,
      Instant createdAt,
      Instant updatedAt,
      Instant lastDeliveryAt) {
    this(
        id,
        repositoryId,
        provider,
        providerHookId,
        secret,
        previousSecret,
        tokenLookupHash,
        url,
        events,
        status,
        failureReason,
        failureMessage,
        managedBy,
        secretVersion,
        createdAt,
        updatedAt,
        lastDeliveryAt,
        Objects.requireNonNull(createdAt, "createdAt == null"));
  }

  /** The associated data binding this hook's encrypted secrets to this row. */
  public static String secretContext(HookId id) {
    return "hook:" + id.value();
  }

  public boolean isCreatedAtProvider() {
    return providerHookId != null;
  }

  public RepositoryHook withProviderHook(String newProviderHookId, Instant at) {
    return new RepositoryHook(
        id,
        repositoryId,
        provider,
        newProviderHookId,
        secret,
        previousSecret,
        tokenLookupHash,
        url,
        events,
        status,
        failureReason,
        failureMessage,
        managedBy,
        secretVersion,
        createdAt,
        at,
        lastDeliveryAt,
        secretSetAt);
  }

  public RepositoryHook withStatus(
      HookStatus newStatus, FailureReason reason, String message, Instant at) {
    return new RepositoryHook(
        id,
        repositoryId,
        provider,
        providerHookId,
        secret,
        previousSecret,
        tokenLookupHash,
        url,
        events,
        newStatus,
        reason,
        message,
        managedBy,
        secretVersion,
        createdAt,
        at,
        lastDeliveryAt,
        secretSetAt);
  }

  public RepositoryHook withManager(UserId newManager, Instant at) {
    return new RepositoryHook(
        id,
        repositoryId,
        provider,
        providerHookId,
        secret,
        previousSecret,
        tokenLookupHash,
        url,
        events,
        status,
        failureReason,
        failureMessage,
        newManager,
        secretVersion,
        createdAt,
        at,
        lastDeliveryAt,
        secretSetAt);
  }

  /**
   * The hook now delivers {@code newEvents} to {@code newUrl} (what the configuration asks for).
   */
  public RepositoryHook withSpec(String newUrl, List<String> newEvents, Instant at) {
    return new RepositoryHook(
        id,
        repositoryId,
        provider,
        providerHookId,
        secret,
        previousSecret,
        tokenLookupHash,
        newUrl,
        newEvents,
        status,
        failureReason,
        failureMessage,
        managedBy,
        secretVersion,
        createdAt,
        at,
        lastDeliveryAt,
        secretSetAt);
  }

  /** A new current secret; the old one stays accepted as {@code previousSecret}. */
  public RepositoryHook withRotatedSecret(
      EncryptedSecret newSecret, String newLookupHash, Instant at) {
    return new RepositoryHook(
        id,
        repositoryId,
        provider,
        providerHookId,
        newSecret,
        secret,
        newLookupHash,
        url,
        events,
        status,
        failureReason,
        failureMessage,
        managedBy,
        secretVersion + 1,
        createdAt,
        at,
        lastDeliveryAt,
        at);
  }
}
