package dev.hookkeeper.core;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.ProviderAdapters;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.config.ReconcileSettings;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.config.SignInStores;
import dev.hookkeeper.core.config.Stores;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.ingest.DeliveryEffects;
import dev.hookkeeper.core.ingest.InboxProcessor;
import dev.hookkeeper.core.ingest.IngestDelivery;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.ingest.IngestSettings;
import dev.hookkeeper.core.ingest.ProcessingListener;
import dev.hookkeeper.core.ingest.ProcessingSettings;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.IdGenerator;
import dev.hookkeeper.core.port.JobSchedule;
import dev.hookkeeper.core.port.Notifier;
import dev.hookkeeper.core.port.ProviderOAuth;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.SecretGenerator;
import dev.hookkeeper.core.port.SecretsAtRest;
import dev.hookkeeper.core.port.TokenRefresher;
import dev.hookkeeper.core.support.TimeOrderedIdGenerator;
import dev.hookkeeper.core.usecase.ApplyRetention;
import dev.hookkeeper.core.usecase.AuthenticateUser;
import dev.hookkeeper.core.usecase.CatchUpNotifications;
import dev.hookkeeper.core.usecase.ConnectRepository;
import dev.hookkeeper.core.usecase.CreateUser;
import dev.hookkeeper.core.usecase.Credentials;
import dev.hookkeeper.core.usecase.DeleteProviderToken;
import dev.hookkeeper.core.usecase.DeleteUser;
import dev.hookkeeper.core.usecase.DeliveryRecovery;
import dev.hookkeeper.core.usecase.DisconnectRepository;
import dev.hookkeeper.core.usecase.Disconnector;
import dev.hookkeeper.core.usecase.EnsureUser;
import dev.hookkeeper.core.usecase.GetConnection;
import dev.hookkeeper.core.usecase.GetDelivery;
import dev.hookkeeper.core.usecase.GetHookStatus;
import dev.hookkeeper.core.usecase.GetIncident;
import dev.hookkeeper.core.usecase.HealingListener;
import dev.hookkeeper.core.usecase.HookCleaner;
import dev.hookkeeper.core.usecase.HookJournal;
import dev.hookkeeper.core.usecase.HookProvisioner;
import dev.hookkeeper.core.usecase.HookReconciler;
import dev.hookkeeper.core.usecase.HookRepair;
import dev.hookkeeper.core.usecase.ListConnections;
import dev.hookkeeper.core.usecase.ListDeliveries;
import dev.hookkeeper.core.usecase.ListHookEvents;
import dev.hookkeeper.core.usecase.ListIncidents;
import dev.hookkeeper.core.usecase.ListWorkflowRuns;
import dev.hookkeeper.core.usecase.ManagerSelection;
import dev.hookkeeper.core.usecase.ReconcileHooks;
import dev.hookkeeper.core.usecase.ReconcileRepository;
import dev.hookkeeper.core.usecase.ReencryptSecrets;
import dev.hookkeeper.core.usecase.RenewDueTokens;
import dev.hookkeeper.core.usecase.RenewingTokenRefresher;
import dev.hookkeeper.core.usecase.ReplayDeliveries;
import dev.hookkeeper.core.usecase.ReplayDelivery;
import dev.hookkeeper.core.usecase.RepositoryDeletion;
import dev.hookkeeper.core.usecase.RetentionPolicy;
import dev.hookkeeper.core.usecase.RetirePreviousSecrets;
import dev.hookkeeper.core.usecase.RetryHookCreation;
import dev.hookkeeper.core.usecase.RotateApiToken;
import dev.hookkeeper.core.usecase.RotateWebhookSecret;
import dev.hookkeeper.core.usecase.RunCatchUp;
import dev.hookkeeper.core.usecase.RunHookCleanups;
import dev.hookkeeper.core.usecase.SecretRotator;
import dev.hookkeeper.core.usecase.SignInUseCases;
import dev.hookkeeper.core.usecase.StoreProviderToken;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hookkeeper in one object: every use case an embedding service (or the standalone server) calls,
 * built from the stores, the provider adapters and a few settings by {@link #builder()}, with what
 * the server uses for everything left unsaid. Use cases are thread-safe.
 *
 * <p>Building starts the work Hookkeeper does by itself: processors that apply stored deliveries
 * (deliveries a previous run stored but did not process are processed at once) and periodic jobs
 * (hook deletions a provider still owes, retention, and with sign-in the renewal of expiring
 * provider tokens and the purge of ended sessions). {@link #close()} drains it all: it stores the
 * deliveries already queued, lets the processors and a running job finish their round, then stops
 * them; what is not processed yet stays in the inbox for the next start.
 */
public final class Hookkeeper implements AutoCloseable {
  /** How often queued hook deletions are retried, unless told otherwise (as the server does). */
  public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofMinutes(1);

  static final Duration RETENTION_PERIOD = Duration.ofDays(1);
  static final Duration TOKEN_RENEWAL_PERIOD = Duration.ofMinutes(1);
  static final Duration SESSION_PURGE_PERIOD = Duration.ofHours(1);

  /** Up to 50 × 200 secrets a minute: a key rotation of 10 000 hooks finishes within minutes. */
  static final int REENCRYPTION_BATCHES_PER_RUN = 50;

  private static final System.Logger LOG = System.getLogger(Hookkeeper.class.getName());

  private final HookSettings hookSettings;
  private final Providers providers;
  private final InstantSource clock;
  private final Subscribers subscribers;
  private final CreateUser createUser;
  private final EnsureUser ensureUser;
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
  private final ReencryptSecrets reencryptSecrets;
  private final SignInUseCases signIn;
  private final PeriodicJobs jobs;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Hookkeeper(
      Builder b,
      Stores stores,
      SecretCipher cipher,
      SignInStores signInStores,
      SecretsAtRest secretsAtRest) {
    this.clock = b.clock;
    this.hookSettings = b.hookSettings();
    this.providers = Providers.of(List.copyOf(b.adapters.values()), b.oauthApps);
    this.subscribers = new Subscribers(b.notifiers);
    ReconcileSettings healing = b.reconcile;
    SecretGenerator secrets = b.secrets;
    IdGenerator ids = b.ids != null ? b.ids : new TimeOrderedIdGenerator(clock, new SecureRandom());
    // the reconciler and the processors, the processors and ingest, sign-in and the reconciler:
    // each needs the other, so the first is told of the second once it exists
    ReconcileHooks[] reconcilerRef = new ReconcileHooks[1];
    InboxProcessor[] processorRef = new InboxProcessor[1];
    IngestDelivery[] ingestRef = new IngestDelivery[1];
    BiConsumer<UserId, Provider> tokenStored =
        (user, provider) -> {
          try {
            reconcilerRef[0].afterTokenStored(user, provider);
          } catch (RuntimeException e) {
            // the token is stored; its hooks are reconciled at their next turn instead
            LOG.log(Level.WARNING, "could not schedule the hooks waiting for a token: " + e);
          }
        };

    signIn =
        signInStores == null
            ? null
            : new SignInUseCases(
                stores,
                signInStores,
                providers,
                b.signInSettings,
                secrets,
                ids,
                clock,
                tokenStored);
    HookCleaner cleaner =
        new HookCleaner(
            stores.tokens(), stores.hooks(), stores.cleanups(), stores.tx(), clock, providers);
    Disconnector disconnector =
        new Disconnector(
            stores.tokens(),
            stores.repositories(),
            stores.hooks(),
            stores.connections(),
            stores.incidents(),
            stores.cleanups(),
            stores.hookEvents(),
            stores.tx(),
            ids,
            clock);
    // a hook's audit trail; what the reconciler records is also told to the healing listener
    HookJournal journal = journal(stores, ids, HealingListener.NONE);
    HookJournal healingJournal = journal(stores, ids, b.healingListener);
    HookProvisioner provisioner = provisioner(stores, cipher, secrets, ids, cleaner, journal);
    Credentials credentials =
        new Credentials(
            stores.tokens(),
            clock,
            signIn == null
                ? TokenRefresher.NONE
                : new RenewingTokenRefresher(signIn.renewProviderToken()));
    SecretRotator rotator =
        new SecretRotator(
            stores.hooks(),
            cipher,
            secrets,
            clock,
            hookSettings,
            healingJournal,
            healing.secretGrace());
    HookReconciler reconciler =
        new HookReconciler(
            stores.repositories(),
            stores.hooks(),
            stores.deliveries(),
            stores.reconcileSchedule(),
            clock,
            healing,
            providers,
            credentials,
            new ManagerSelection(
                stores.hooks(),
                stores.connections(),
                clock,
                providers,
                credentials,
                healingJournal),
            new HookRepair(
                stores.hooks(),
                cipher,
                clock,
                hookSettings,
                provisioner(stores, cipher, secrets, ids, cleaner, healingJournal),
                rotator,
                healingJournal),
            new DeliveryRecovery(stores.deliveries()),
            new RunCatchUp(
                stores.inbox(), stores.runs(), ids, clock, providers, () -> processorRef[0].wake()),
            rotator,
            new RepositoryDeletion(
                stores.hooks(),
                stores.connections(),
                stores.incidents(),
                stores.notifications(),
                stores.hookEvents(),
                stores.tx(),
                subscribers,
                ids,
                clock),
            healingJournal,
            b.healingListener,
            () -> ThreadLocalRandom.current().nextDouble());
    reconcileHooks =
        new ReconcileHooks(
            stores.hooks(),
            stores.connections(),
            stores.reconcileSchedule(),
            clock,
            healing,
            reconciler);
    reconcilerRef[0] = reconcileHooks;

    createUser = new CreateUser(stores.users(), secrets, ids, clock);
    ensureUser = new EnsureUser(stores.users(), secrets, clock);
    authenticateUser = new AuthenticateUser(stores.users());
    storeProviderToken = new StoreProviderToken(stores.tokens(), clock, providers, tokenStored);
    deleteProviderToken =
        new DeleteProviderToken(
            stores.tokens(),
            stores.repositories(),
            stores.hooks(),
            stores.connections(),
            stores.cleanups(),
            stores.hookEvents(),
            ids,
            clock,
            providers,
            disconnector,
            cleaner);
    rotateApiToken = new RotateApiToken(stores.users(), secrets);
    deleteUser =
        new DeleteUser(
            stores.users(),
            stores.tokens(),
            stores.hooks(),
            stores.connections(),
            stores.notifications(),
            stores.cleanups(),
            stores.tx(),
            secrets,
            disconnector,
            cleaner);
    connectRepository =
        new ConnectRepository(
            stores.tokens(),
            stores.repositories(),
            stores.hooks(),
            stores.connections(),
            stores.tx(),
            ids,
            clock,
            providers,
            provisioner);
    disconnectRepository = new DisconnectRepository(stores.connections(), disconnector, cleaner);
    retryHookCreation =
        new RetryHookCreation(
            stores.tokens(),
            stores.repositories(),
            stores.hooks(),
            stores.connections(),
            provisioner);
    getHookStatus =
        new GetHookStatus(
            stores.hooks(), stores.connections(), stores.deliveries(), stores.reconcileSchedule());

    DeliveryEffects effects =
        new DeliveryEffects(
            stores.repositories(),
            stores.hooks(),
            stores.connections(),
            stores.runs(),
            stores.incidents(),
            stores.notifications(),
            stores.hookEvents(),
            stores.reconcileSchedule(),
            ids,
            clock);
    inboxProcessor =
        new InboxProcessor(
            stores.repositories(),
            stores.hooks(),
            stores.inbox(),
            stores.tx(),
            subscribers,
            clock,
            providers,
            effects,
            b.processing,
            id -> ingestRef[0].forgetHook(id),
            id -> reconcileHooks.wake(),
            b.processingListener);
    processorRef[0] = inboxProcessor;
    ingestDelivery =
        new IngestDelivery(
            stores.hooks(),
            stores.deliveries(),
            stores.inbox(),
            cipher,
            ids,
            clock,
            providers,
            b.ingest,
            // the processors wake for these repositories (or wait a little for one another
            // instance holds)
            appended ->
                inboxProcessor.wake(
                    appended.stream().map(Delivery::repositoryId).distinct().toList()));
    ingestRef[0] = ingestDelivery;
    replayDelivery =
        new ReplayDelivery(
            stores.connections(),
            stores.deliveries(),
            stores.inbox(),
            stores.tx(),
            clock,
            inboxProcessor::wake);
    replayDeliveries =
        new ReplayDeliveries(
            stores.connections(), stores.inbox(), stores.tx(), clock, inboxProcessor::wake);

    listConnections =
        new ListConnections(stores.connections(), stores.repositories(), stores.hooks());
    getConnection = new GetConnection(stores.repositories(), stores.hooks(), stores.connections());
    listIncidents = new ListIncidents(stores.incidents());
    getIncident = new GetIncident(stores.repositories(), stores.runs(), stores.incidents());
    listDeliveries = new ListDeliveries(stores.connections(), stores.deliveries());
    getDelivery = new GetDelivery(stores.connections(), stores.deliveries());
    listWorkflowRuns = new ListWorkflowRuns(stores.connections(), stores.runs());
    catchUpNotifications = new CatchUpNotifications(stores.notifications());
    runHookCleanups = new RunHookCleanups(stores.cleanups(), clock, cleaner);
    applyRetention =
        new ApplyRetention(
            stores.deliveries(), stores.runs(), stores.incidents(), stores.notifications(), clock);
    reconcileRepository =
        new ReconcileRepository(stores.hooks(), stores.connections(), reconcileHooks);
    rotateWebhookSecret =
        new RotateWebhookSecret(
            stores.repositories(),
            stores.hooks(),
            stores.connections(),
            stores.reconcileSchedule(),
            clock,
            providers,
            healing,
            credentials,
            rotator);
    listHookEvents = new ListHookEvents(stores.connections(), stores.hookEvents());
    retirePreviousSecrets = new RetirePreviousSecrets(stores.hooks(), clock, healing.secretGrace());
    reencryptSecrets = secretsAtRest == null ? null : new ReencryptSecrets(secretsAtRest);

    jobs = new PeriodicJobs(b.jobSchedule, b.jobListener);
    inboxProcessor.start();
    reconcileHooks.start();
    if (b.backgroundJobs) scheduleJobs(b);
  }

  private HookJournal journal(Stores stores, IdGenerator ids, HealingListener listener) {
    return new HookJournal(
        stores.hooks(),
        stores.connections(),
        stores.notifications(),
        stores.hookEvents(),
        stores.tx(),
        subscribers,
        ids,
        clock,
        listener);
  }

  private HookProvisioner provisioner(
      Stores stores,
      SecretCipher cipher,
      SecretGenerator secrets,
      IdGenerator ids,
      HookCleaner cleaner,
      HookJournal journal) {
    return new HookProvisioner(
        stores.hooks(),
        stores.connections(),
        stores.notifications(),
        stores.cleanups(),
        stores.tx(),
        subscribers,
        cipher,
        secrets,
        ids,
        clock,
        providers,
        hookSettings,
        cleaner,
        journal);
  }

  private void scheduleJobs(Builder b) {
    Duration cleanups = b.cleanupInterval;
    jobs.every(
        "hook-cleanups",
        cleanups.dividedBy(2),
        cleanups,
        () -> Map.of("completed", runHookCleanups.runDue()));
    jobs.every(
        "retention",
        Duration.ofMinutes(5),
        RETENTION_PERIOD,
        () -> applyRetention.apply(b.retention));
    jobs.every(
        "secret-retirement",
        Duration.ofSeconds(1),
        retirementPeriod(b.reconcile.secretGrace()),
        () -> Map.of("retired", retirePreviousSecrets.retireDue()));
    if (reencryptSecrets != null) {
      jobs.every(
          "reencryption",
          Duration.ofSeconds(10),
          Duration.ofMinutes(1),
          () -> {
            int done = reencryptSecrets.run(REENCRYPTION_BATCHES_PER_RUN);
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("reencrypted", done);
            // what is left is counted only when this run did something (it is a query)
            if (done > 0)
              counts.put(
                  "remaining", (int) Math.min(Integer.MAX_VALUE, reencryptSecrets.remaining()));
            return counts;
          });
    }
    if (signIn == null) return;
    // GitLab's OAuth tokens last 2 h: renewed ahead of expiry, so whatever uses a token finds a
    // live one
    jobs.every(
        "token-renewal",
        Duration.ofSeconds(20),
        TOKEN_RENEWAL_PERIOD,
        () -> {
          RenewDueTokens.Outcome renewed = signIn.renewDueTokens().renewDue();
          Map<String, Integer> counts = new LinkedHashMap<>();
          counts.put("due", renewed.due());
          counts.put("renewed", renewed.renewed());
          counts.put("refused", renewed.refused());
          return counts;
        });
    jobs.every(
        "session-purge",
        Duration.ofMinutes(2),
        SESSION_PURGE_PERIOD,
        () -> Map.of("purged", signIn.purgeExpiredSignIns().purge()));
  }

  /**
   * How often retired secrets are looked for: a tenth of the grace period (so a retired secret goes
   * within 10 % of it), between 1 s and 1 min.
   */
  static Duration retirementPeriod(Duration grace) {
    Duration tenth = grace.dividedBy(10);
    if (tenth.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
    return tenth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : tenth;
  }

  public static Builder builder() {
    return new Builder();
  }

  public CreateUser createUser() {
    return createUser;
  }

  public EnsureUser ensureUser() {
    return ensureUser;
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

  /** The reconciler: every hook compared with its provider once per interval, and repaired. */
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

  /** Re-encryption under the current key; present when {@link Builder#secretsAtRest} was given. */
  public Optional<ReencryptSecrets> reencryptSecrets() {
    return Optional.ofNullable(reencryptSecrets);
  }

  /** Signing in, sessions and token renewal; present when {@link Builder#signIn} was given. */
  public Optional<SignInUseCases> signIn() {
    return Optional.ofNullable(signIn);
  }

  /**
   * Ingests one whole request (headers and body already read) received now: the one call a host's
   * webhook endpoint makes. Answer the provider with {@link IngestResult#httpStatus()}.
   *
   * @param headers the request's headers, any name case
   * @param remoteAddress the sender, for the delivery log
   * @throws IllegalArgumentException for a provider without adapters
   */
  public IngestResult ingest(
      Provider provider,
      Map<String, ? extends List<String>> headers,
      byte[] body,
      String remoteAddress) {
    return ingestDelivery.ingest(
        provider, new InboundRequest(Headers.of(headers), body, remoteAddress, clock.instant()));
  }

  /**
   * Also sends every notification stored from now on to {@code notifier}, after its transaction
   * committed (live push; a missed one is in {@link #catchUpNotifications()}). Close the
   * subscription to stop.
   */
  public Subscription subscribe(Notifier notifier) {
    return subscribers.add(Objects.requireNonNull(notifier, "notifier == null"));
  }

  /**
   * Where hooks of {@code provider} point: the ingest URL given to the builder.
   *
   * @throws IllegalStateException while a base URL given as a supplier is not known yet
   */
  public String ingestUrl(Provider provider) {
    return hookSettings.url(provider);
  }

  /** The providers repositories can be connected on. */
  public Set<Provider> providers() {
    return providers.configured();
  }

  /**
   * Stops the reconciler (a reconcile under way finishes), stores the deliveries already queued for
   * an append, then stops the periodic jobs (a job under way finishes, bounded) and the processors
   * (after their current round). Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    reconcileHooks.close();
    jobs.close();
    ingestDelivery.close();
    inboxProcessor.close();
  }

  /** A notifier's subscription; closing it stops the notifications. */
  @FunctionalInterface
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * What Hookkeeper is built from. Required: the stores, at least one provider with the URL its
   * hooks point at, and the encryption key. The rest defaults to what the standalone server uses.
   * Not thread-safe.
   */
  public static final class Builder {
    private Stores.Factory stores;
    private final Map<Provider, ProviderAdapters> adapters = new EnumMap<>(Provider.class);
    private final Map<Provider, String> ingestUrls = new EnumMap<>(Provider.class);
    private final Map<Provider, List<String>> events = new EnumMap<>(Provider.class);
    private Supplier<String> ingestBaseUrl;
    private SecretCipher cipher;
    private InstantSource clock = InstantSource.system();
    private SecretGenerator secrets = new RandomSecretGenerator();
    private IdGenerator ids;
    private final List<Notifier> notifiers = new ArrayList<>();
    private IngestSettings ingest = IngestSettings.DEFAULTS;
    private ProcessingSettings processing = ProcessingSettings.DEFAULTS;
    private ProcessingListener processingListener = ProcessingListener.NONE;
    private RetentionPolicy retention = RetentionPolicy.DEFAULTS;
    private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;
    private JobSchedule jobSchedule;
    private JobListener jobListener = JobListener.SYSTEM_LOGGER;
    private boolean backgroundJobs = true;
    private SignInStores.Factory signInStores;
    private SignInSettings signInSettings;
    private List<ProviderOAuth> oauthApps = List.of();
    private ReconcileSettings reconcile = ReconcileSettings.DEFAULTS;
    private HealingListener healingListener = HealingListener.NONE;
    private Function<SecretCipher, SecretsAtRest> secretsAtRest;

    private Builder() {}

    /** Every store, and the transaction runner covering them. */
    public Builder stores(Stores stores) {
      Objects.requireNonNull(stores, "stores == null");
      return stores(cipher -> stores);
    }

    /**
     * Stores built with the cipher (stores that encrypt at rest), e.g. {@code
     * JdbiStores.on(dataSource)}.
     */
    public Builder stores(Stores.Factory stores) {
      this.stores = Objects.requireNonNull(stores, "stores == null");
      return this;
    }

    /**
     * A provider's adapters, e.g. {@code GitHubAdapters.create(apiUrl, http)}.
     *
     * @throws IllegalArgumentException when that provider has adapters already
     */
    public Builder provider(ProviderAdapters adapters) {
      Objects.requireNonNull(adapters, "adapters == null");
      if (this.adapters.putIfAbsent(adapters.provider(), adapters) != null) {
        throw new IllegalArgumentException("two sets of adapters for " + adapters.provider().id());
      }
      return this;
    }

    /**
     * The public URL of the endpoint that ingests {@code provider}'s deliveries: where its hooks
     * point.
     */
    public Builder ingestUrl(Provider provider, String url) {
      ingestUrls.put(Objects.requireNonNull(provider, "provider == null"), requireHttpUrl(url));
      return this;
    }

    /**
     * The ingest URL of every provider not given one by {@link #ingestUrl}: this base, a slash and
     * the provider's id, e.g. {@code https://ci.example.com/hooks} gives {@code .../hooks/github}.
     */
    public Builder ingestBaseUrl(String baseUrl) {
      String url = requireHttpUrl(baseUrl);
      return ingestBaseUrl(() -> url);
    }

    /**
     * As {@link #ingestBaseUrl(String)}, for a base known only once the host listens (an ephemeral
     * port, a tunnel): read whenever a hook is created or compared with the provider's. Until it is
     * known ({@code null}), connecting a repository fails.
     */
    public Builder ingestBaseUrl(Supplier<String> baseUrl) {
      this.ingestBaseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
      return this;
    }

    private static String requireHttpUrl(String url) {
      Objects.requireNonNull(url, "url == null");
      if (!url.startsWith("https://") && !url.startsWith("http://")) {
        throw new IllegalArgumentException("an ingest URL must be http(s)://…, not " + url);
      }
      return url;
    }

    /**
     * The provider's event names the hooks subscribe to; default {@link
     * HookSettings#defaultEvents}.
     */
    public Builder events(Provider provider, List<String> providerEvents) {
      Objects.requireNonNull(provider, "provider == null");
      if (providerEvents.isEmpty())
        throw new IllegalArgumentException("no events for " + provider.id());
      events.put(provider, List.copyOf(providerEvents));
      return this;
    }

    /**
     * The AES-256 key (32 bytes, base64) that encrypts webhook secrets and provider tokens at rest.
     */
    public Builder cipherKey(String base64Key) {
      return cipherKeys(base64Key, List.of());
    }

    /** As {@link #cipherKey}, with previous keys still readable during a key rotation. */
    public Builder cipherKeys(String base64Key, List<String> previousBase64Keys) {
      return cipher(new AesGcmSecretCipher(KeyRing.fromBase64(base64Key, previousBase64Keys)));
    }

    /** Another cipher instead of AES-256-GCM with {@link #cipherKey}. */
    public Builder cipher(SecretCipher cipher) {
      this.cipher = Objects.requireNonNull(cipher, "cipher == null");
      return this;
    }

    /** Default: the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Default: {@link RandomSecretGenerator}. */
    public Builder secrets(SecretGenerator secrets) {
      this.secrets = Objects.requireNonNull(secrets, "secrets == null");
      return this;
    }

    /** Default: time-ordered ids on the {@link #clock}. */
    public Builder ids(IdGenerator ids) {
      this.ids = Objects.requireNonNull(ids, "ids == null");
      return this;
    }

    /**
     * Also sends every stored notification to {@code notifier} after its commit (incidents opened
     * and resolved, runs updated, hook status changes). More can subscribe later ({@link
     * #subscribe}).
     */
    public Builder notifier(Notifier notifier) {
      notifiers.add(Objects.requireNonNull(notifier, "notifier == null"));
      return this;
    }

    /** How deliveries are appended and answered; default {@link IngestSettings#DEFAULTS}. */
    public Builder ingest(IngestSettings settings) {
      this.ingest = Objects.requireNonNull(settings, "settings == null");
      return this;
    }

    /** How stored deliveries are processed; default {@link ProcessingSettings#DEFAULTS}. */
    public Builder processing(ProcessingSettings settings, ProcessingListener listener) {
      this.processing = Objects.requireNonNull(settings, "settings == null");
      this.processingListener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /** What the daily retention job purges; default {@link RetentionPolicy#DEFAULTS}. */
    public Builder retention(RetentionPolicy policy) {
      this.retention = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    /** How often hook deletions a provider still owes are retried; default 1 minute. */
    public Builder cleanupInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      if (interval.isNegative() || interval.isZero())
        throw new IllegalArgumentException("'interval' must be positive");
      this.cleanupInterval = interval;
      return this;
    }

    /**
     * With several instances on one store: each periodic job runs once per period across all of
     * them (e.g. {@code JdbiStores}' cluster schedule). Default: this instance alone.
     */
    public Builder jobSchedule(JobSchedule schedule) {
      this.jobSchedule = Objects.requireNonNull(schedule, "schedule == null");
      return this;
    }

    /** Told what each periodic job did; default {@link JobListener#SYSTEM_LOGGER}. */
    public Builder jobListener(JobListener listener) {
      this.jobListener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * No periodic jobs: the host runs {@link #runHookCleanups()} and {@link #applyRetention()}
     * itself.
     */
    public Builder withoutBackgroundJobs() {
      this.backgroundJobs = false;
      return this;
    }

    /**
     * Signing in with a provider: the sign-in stores, how long sessions last, and the OAuth
     * applications users sign in with (the providers' accounts APIs come with their adapters).
     */
    /**
     * How the hooks heal themselves: how often each is compared with its provider and repaired,
     * secret rotation and grace; default {@link ReconcileSettings#DEFAULTS} (in the background,
     * every 15 minutes, as the server). {@link ReconcileSettings#ON_DEMAND}: only when asked for.
     */
    public Builder selfHealing(ReconcileSettings settings) {
      this.reconcile = Objects.requireNonNull(settings, "settings == null");
      return this;
    }

    /** Told what the reconciler repaired, recovered and found; default none. */
    public Builder healingListener(HealingListener listener) {
      this.healingListener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Every secret the store keeps encrypted, made with the cipher: after a key rotation a periodic
     * job re-encrypts them under the current key (e.g. {@code JdbiStores}' {@code
     * secretsAtRest()}). Default: none.
     */
    public Builder secretsAtRest(Function<SecretCipher, SecretsAtRest> secretsAtRest) {
      this.secretsAtRest = Objects.requireNonNull(secretsAtRest, "secretsAtRest == null");
      return this;
    }

    public Builder signIn(
        SignInStores.Factory stores, SignInSettings settings, List<ProviderOAuth> oauthApps) {
      this.signInStores = Objects.requireNonNull(stores, "stores == null");
      this.signInSettings = Objects.requireNonNull(settings, "settings == null");
      this.oauthApps = List.copyOf(oauthApps);
      return this;
    }

    /**
     * Builds Hookkeeper and starts its processors and periodic jobs.
     *
     * @throws IllegalStateException for something required left out (stores, a provider, its ingest
     *     URL, the key)
     */
    public Hookkeeper build() {
      if (stores == null)
        throw new IllegalStateException(
            "no stores: call stores(...), e.g. JdbiStores.on(dataSource)");
      if (adapters.isEmpty())
        throw new IllegalStateException(
            "no provider: call provider(...), e.g. GitHubAdapters.create(...)");
      if (cipher == null)
        throw new IllegalStateException(
            "no encryption key: call cipherKey(base64 of 32 random bytes)");
      hookSettings(); // fails before any store is opened
      Stores built =
          Objects.requireNonNull(stores.create(cipher), "the stores factory returned null");
      SignInStores signInBuilt =
          signInStores == null
              ? null
              : Objects.requireNonNull(
                  signInStores.create(cipher), "the sign-in stores factory returned null");
      SecretsAtRest atRest =
          secretsAtRest == null
              ? null
              : Objects.requireNonNull(
                  secretsAtRest.apply(cipher), "the secrets-at-rest factory returned null");
      return new Hookkeeper(this, built, cipher, signInBuilt, atRest);
    }

    HookSettings hookSettings() {
      Map<Provider, List<String>> subscribed = new EnumMap<>(Provider.class);
      for (Provider p : adapters.keySet()) {
        if (!ingestUrls.containsKey(p) && ingestBaseUrl == null) {
          throw new IllegalStateException(
              "no ingest URL for "
                  + p.id()
                  + ": call ingestUrl("
                  + p
                  + ", url) or ingestBaseUrl(url)");
        }
        subscribed.put(p, events.getOrDefault(p, HookSettings.defaultEvents(p)));
      }
      return HookSettings.withBaseUrl(
          ingestUrls, ingestBaseUrl == null ? () -> null : ingestBaseUrl, subscribed);
    }
  }
}
