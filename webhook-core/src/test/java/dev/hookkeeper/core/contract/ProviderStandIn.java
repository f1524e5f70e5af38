package dev.hookkeeper.core.contract;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The provider the provider contracts run against, seen from outside: a simulator or the in-memory
 * fake, holding exactly one repository ({@link #repositoryFullName()}) with no hooks and no runs,
 * fresh for each test, on a clock the test moves. The adapter under test only ever calls the API;
 * everything a person or the provider itself does happens through this interface.
 */
public interface ProviderStandIn {

  Provider provider();

  /** Owner / maintainer with every scope hooks need. */
  Secret adminToken();

  /** Sees the repository but may not read or manage its hooks. */
  Secret readOnlyToken();

  /** Never valid: the provider answers 401. */
  Secret invalidToken();

  String repositoryFullName();

  /** Where the contract's hooks point: a receiver on this machine answering as {@link #receiverAnswers} last said (2xx at first). */
  String hookUrl();

  /** Another url on the same receiver, for a person's edit. */
  String otherHookUrl();

  /** Events in the provider's vocabulary, including the job and run events {@link #fireRun} sends. */
  default List<String> hookEvents() {
    return provider() == Provider.GITHUB
        ? List.of("workflow_run", "workflow_job", "meta")
        : List.of("pipeline_events", "job_events");
  }

  /** The stand-in's clock, which the simulator uses for deliveries, runs, retention and budgets. */
  Instant now();

  void advanceClock(Duration by);

  // ---- faults ----

  /** Every request fails as the provider failing (5xx) until the test ends. */
  void goDown();

  /** The next request is answered as rate-limited, with a retry time ahead. */
  void rateLimitNextRequest();

  /** From now on each token may make {@code requests} more requests in the current window, then is rate-limited until its reset. */
  void limitBudgetTo(int requests);

  /** Puts the repository at the provider's hook limit (so a further create is refused as such). */
  void fillHookLimit();

  // ---- receivers and the provider acting ----

  /** What the receiver behind {@link #hookUrl()} answers from now on; {@code 0} = it refuses the connection. */
  void receiverAnswers(int status);

  /** The provider runs CI once: one job, then the run, completed; every subscribed hook gets the webhooks, and every attempt is logged before this returns. */
  void fireRun(boolean success);

  /** Waits until what the provider sends in the background (pings, redeliveries, test deliveries) is logged. */
  void awaitBackgroundDeliveries();

  /** The secret the provider holds for a hook (the API never returns it). */
  Optional<String> secretHeldFor(String providerHookId);

  // ---- people and the provider changing things behind our back ----

  void personDeletesHook(String providerHookId);

  /** A person points the hook elsewhere and changes its events in the provider's UI. */
  void personEditsHook(String providerHookId, String url, List<String> events);

  /** The provider stops delivering to the hook: on GitHub a person switches it off, on GitLab it fails until GitLab disables it. */
  void hookStopsDelivering(String providerHookId);

  void revoke(Secret token);

  /** The token loses the scope that lets it change hooks (GitHub: left with {@code read:user}; GitLab: {@code read_api}). */
  void dropHookScope(Secret token);

  /** The repository is renamed (same owner); the old name then leads to the new one. */
  void renameRepository(String newFullName);

  void archiveRepository();

  void deleteRepository();
}
