package dev.hookkeeper.core.usecase;

import java.util.Objects;

/**
 * Every use case, built from the ports with plain {@code new}: the one object an embedding
 * service or the standalone server holds. Use cases are thread-safe; all but ingest are
 * stateless. Ingest owns commit threads (group commit), so close this when the host stops: it
 * commits the deliveries already queued, then stops those threads.
 */
public final class UseCases implements AutoCloseable {
  private final CreateUser createUser;
  private final AuthenticateUser authenticateUser;
  private final StoreProviderToken storeProviderToken;
  private final ConnectRepository connectRepository;
  private final DisconnectRepository disconnectRepository;
  private final RetryHookCreation retryHookCreation;
  private final GetHookStatus getHookStatus;
  private final IngestDelivery ingestDelivery;
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

  /** With {@link IngestSettings#DEFAULTS}. */
  public UseCases(Ports ports, Providers providers, HookSettings settings) {
    this(ports, providers, settings, IngestSettings.DEFAULTS);
  }

  public UseCases(Ports ports, Providers providers, HookSettings settings, IngestSettings ingest) {
    Objects.requireNonNull(ports, "ports == null");
    Objects.requireNonNull(ingest, "ingest == null");
    Objects.requireNonNull(providers, "providers == null");
    Objects.requireNonNull(settings, "settings == null");
    createUser = new CreateUser(ports);
    authenticateUser = new AuthenticateUser(ports);
    storeProviderToken = new StoreProviderToken(ports, providers);
    connectRepository = new ConnectRepository(ports, providers, settings);
    disconnectRepository = new DisconnectRepository(ports, providers);
    retryHookCreation = new RetryHookCreation(ports, providers, settings);
    getHookStatus = new GetHookStatus(ports);
    ingestDelivery = new IngestDelivery(ports, providers, ingest);
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
  }

  public CreateUser createUser() { return createUser; }
  public AuthenticateUser authenticateUser() { return authenticateUser; }
  public StoreProviderToken storeProviderToken() { return storeProviderToken; }
  public ConnectRepository connectRepository() { return connectRepository; }
  public DisconnectRepository disconnectRepository() { return disconnectRepository; }
  public RetryHookCreation retryHookCreation() { return retryHookCreation; }
  public GetHookStatus getHookStatus() { return getHookStatus; }
  public IngestDelivery ingestDelivery() { return ingestDelivery; }
  public ListConnections listConnections() { return listConnections; }
  public GetConnection getConnection() { return getConnection; }
  public ListIncidents listIncidents() { return listIncidents; }
  public GetIncident getIncident() { return getIncident; }
  public ListDeliveries listDeliveries() { return listDeliveries; }
  public GetDelivery getDelivery() { return getDelivery; }
  public ListWorkflowRuns listWorkflowRuns() { return listWorkflowRuns; }
  public CatchUpNotifications catchUpNotifications() { return catchUpNotifications; }
  public RunHookCleanups runHookCleanups() { return runHookCleanups; }
  public ApplyRetention applyRetention() { return applyRetention; }

  /** Commits the deliveries already queued, then stops ingest's commit threads; idempotent. */
  @Override
  public void close() {
    ingestDelivery.close();
  }
}
