package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.ingest.InboxProcessor;
import dev.hookkeeper.core.ingest.IngestDelivery;
import dev.hookkeeper.core.ingest.IngestSettings;
import dev.hookkeeper.core.ingest.ProcessingListener;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.core.model.Delivery;
import java.util.Objects;

/**
 * Every use case, built from the ports with plain {@code new}: the one object an embedding service
 * or the standalone server holds. Use cases are thread-safe. Ingest, processing and the reconciler
 * own threads (appending to the inbox, applying effects, repairing hooks), which start here:
 * deliveries a previous run stored but did not process are processed at once, and with background
 * reconciling on, every hook is reconciled at once (missed deliveries recovered). Close this when
 * the host stops: it stops the reconciler, stores the deliveries already queued, then stops the
 * other threads; what is not processed yet stays in the inbox.
 */
public final class UseCases implements AutoCloseable {
  private final CreateUser createUser;
  private final AuthenticateUser authenticateUser;
  private final StoreProviderToken storeProviderToken;
  private final DeleteProviderToken deleteProviderToken;
  private final RotateApiToken rotateApiToken;
  private final DeleteUser deleteUser;
  private final ConnectRepository connectRepository;
  private final DisconnectRepository disconnectRepository;
  private final RetryHookCreation retryHookCreation;
  private final GetHookStatus getHookStatus;
  private final IngestDelivery ingestDelivery;
  private final InboxProcessor inboxProcessor;
  private final ReplayDelivery replayDelivery;
  private final ReplayDeliveries replayDeliveries;
  private final ListConnections listConnections;
  private final GetConnection getConnection;
  private final ListIncidents listIncidents;
  private final GetIncident getIncident;
  private final ListDeliveries listDeliveries;
  private final GetDelivery getDelivery;
  private final ListWorkflowRuns listWorkflowRuns;
  private final CatchUpNotifications catchUpNotifications;
  private final RunHookCleanups runHookCleanups;
  private final ApplyRetention applyRetention;
  private final ReconcileHooks reconcileHooks;
  private final ReconcileRepository reconcileRepository;
  private final RotateWebhookSecret rotateWebhookSecret;
  private final ListHookEvents listHookEvents;
  private final RetirePreviousSecrets retirePreviousSecrets;

  /** With the default ingest and processing settings; hooks are reconciled only when asked for. */
  public UseCases(Ports ports, Providers providers, HookSettings settings) {
    this(
        ports,
        providers,
        settings,
        IngestSettings.DEFAULTS,
        ProcessingSettings.DEFAULTS,
        ProcessingListener.NONE);
  }

  /** Hooks are reconciled only when asked for ({@link SelfHealing#ON_DEMAND}). */
  public UseCases(
      Ports ports,
      Providers providers,
      HookSettings settings,
      IngestSettings ingest,
      ProcessingSettings processing,
      ProcessingListener listener) {
    this(ports, providers, settings, ingest, processing, listener, SelfHealing.ON_DEMAND);
  }

  public UseCases(
      Ports ports,
      Providers providers,
      HookSettings settings,
      IngestSettings ingest,
      ProcessingSettings processing,
      ProcessingListener listener,
      SelfHealing healing) {
    Objects.requireNonNull(ports, "ports == null");
    Objects.requireNonNull(providers, "providers == null");
    Objects.requireNonNull(settings, "settings == null");
    Objects.requireNonNull(ingest, "ingest == null");
    Objects.requireNonNull(processing, "processing == null");
    Objects.requireNonNull(healing, "healing == null");
    InboxProcessor[] processorRef = new InboxProcessor[1];
    reconcileHooks =
        new ReconcileHooks(ports, providers, settings, healing, () -> processorRef[0].wake());
    createUser = new CreateUser(ports);
    authenticateUser = new AuthenticateUser(ports);
    storeProviderToken =
        new StoreProviderToken(
            ports,
            providers,
            (user, provider) -> {
              try {
                reconcileHooks.afterTokenStored(user, provider);
              } catch (RuntimeException e) {
                // the token is stored; its hooks are reconciled at their next turn instead
                System.getLogger(UseCases.class.getName())
                    .log(
                        System.Logger.Level.WARNING,
                        "could not schedule the hooks waiting for a token: " + e);
              }
            });
    deleteProviderToken = new DeleteProviderToken(ports, providers);
    rotateApiToken = new RotateApiToken(ports);
    deleteUser = new DeleteUser(ports, providers);
    connectRepository = new ConnectRepository(ports, providers, settings);
    disconnectRepository = new DisconnectRepository(ports, providers);
    retryHookCreation = new RetryHookCreation(ports, providers, settings);
    getHookStatus = new GetHookStatus(ports);
    IngestDelivery[] ingestRef = new IngestDelivery[1];
    inboxProcessor =
        new InboxProcessor(
            ports,
            providers,
            processing,
            id -> ingestRef[0].forgetHook(id),
            id -> reconcileHooks.wake(),
            listener);
    processorRef[0] = inboxProcessor;
    ingestDelivery =
        new IngestDelivery(
            ports,
            providers,
            ingest,
            appended ->
                inboxProcessor.wake(
                    appended.stream().map(Delivery::repositoryId).distinct().toList()));
    ingestRef[0] = ingestDelivery;
    replayDelivery = new ReplayDelivery(ports, inboxProcessor::wake);
    replayDeliveries = new ReplayDeliveries(ports, inboxProcessor::wake);
    listConnections = new ListConnections(ports);
    getConnection = new GetConnection(ports);
    listIncidents = new ListIncidents(ports);
    getIncident = new GetIncident(ports);
    listDeliveries = new ListDeliveries(ports);
    getDelivery = new GetDelivery(ports);
    listWorkflowRuns = new ListWorkflowRuns(ports);
    catchUpNotifications = new CatchUpNotifications(ports);
    runHookCleanups = new RunHookCleanups(ports, providers);
    applyRetention = new ApplyRetention(ports);
    reconcileRepository = new ReconcileRepository(ports, reconcileHooks);
    rotateWebhookSecret = new RotateWebhookSecret(ports, providers, settings, healing);
    listHookEvents = new ListHookEvents(ports);
    retirePreviousSecrets = new RetirePreviousSecrets(ports, healing.settings().secretGrace());
    inboxProcessor.start();
    reconcileHooks.start();
  }

  public CreateUser createUser() {
    return createUser;
  }

  public AuthenticateUser authenticateUser() {
    return authenticateUser;
  }

  public StoreProviderToken storeProviderToken() {
    return storeProviderToken;
  }

  public DeleteProviderToken deleteProviderToken() {
    return deleteProviderToken;
  }

  public RotateApiToken rotateApiToken() {
    return rotateApiToken;
  }

  public DeleteUser deleteUser() {
    return deleteUser;
  }

  public ConnectRepository connectRepository() {
    return connectRepository;
  }

  public DisconnectRepository disconnectRepository() {
    return disconnectRepository;
  }

  public RetryHookCreation retryHookCreation() {
    return retryHookCreation;
  }

  public GetHookStatus getHookStatus() {
    return getHookStatus;
  }

  public IngestDelivery ingestDelivery() {
    return ingestDelivery;
  }

  public InboxProcessor inboxProcessor() {
    return inboxProcessor;
  }

  public ReplayDelivery replayDelivery() {
    return replayDelivery;
  }

  public ReplayDeliveries replayDeliveries() {
    return replayDeliveries;
  }

  public ListConnections listConnections() {
    return listConnections;
  }

  public GetConnection getConnection() {
    return getConnection;
  }

  public ListIncidents listIncidents() {
    return listIncidents;
  }

  public GetIncident getIncident() {
    return getIncident;
  }

  public ListDeliveries listDeliveries() {
    return listDeliveries;
  }

  public GetDelivery getDelivery() {
    return getDelivery;
  }

  public ListWorkflowRuns listWorkflowRuns() {
    return listWorkflowRuns;
  }

  public CatchUpNotifications catchUpNotifications() {
    return catchUpNotifications;
  }

  public RunHookCleanups runHookCleanups() {
    return runHookCleanups;
  }

  public ApplyRetention applyRetention() {
    return applyRetention;
  }

  public ReconcileHooks reconcileHooks() {
    return reconcileHooks;
  }

  public ReconcileRepository reconcileRepository() {
    return reconcileRepository;
  }

  public RotateWebhookSecret rotateWebhookSecret() {
    return rotateWebhookSecret;
  }

  public ListHookEvents listHookEvents() {
    return listHookEvents;
  }

  public RetirePreviousSecrets retirePreviousSecrets() {
    return retirePreviousSecrets;
  }

  /**
   * Stops the reconciler, stores the deliveries already queued, then stops ingest's and
   * processing's threads; idempotent.
   */
  @Override
  public void close() {
    reconcileHooks.close();
    ingestDelivery.close();
    inboxProcessor.close();
  }
}
