/**
 * Driven ports: what the core needs from the world, in its own terms. Each port's javadoc is its
 * contract; the core's test-jar holds the executable form ({@code dev.hookkeeper.core.contract},
 * {@code docs/contract-tests.md}), which the in-memory reference stores and every adapter pass.
 *
 * <h2>What every store promises</h2>
 *
 * <p>The stores are the persistence ports: {@link dev.hookkeeper.core.port.UserStore}, {@link
 * dev.hookkeeper.core.port.TokenVault}, {@link dev.hookkeeper.core.port.RepositoryStore}, {@link
 * dev.hookkeeper.core.port.HookStore}, {@link dev.hookkeeper.core.port.ConnectionStore}, {@link
 * dev.hookkeeper.core.port.DeliveryLog}, {@link dev.hookkeeper.core.port.Inbox}, {@link
 * dev.hookkeeper.core.port.WorkflowRunStore}, {@link dev.hookkeeper.core.port.IncidentStore},
 * {@link dev.hookkeeper.core.port.NotificationStore}, {@link
 * dev.hookkeeper.core.port.HookCleanupQueue}, {@link dev.hookkeeper.core.port.IdentityStore},
 * {@link dev.hookkeeper.core.port.SessionStore}, {@link dev.hookkeeper.core.port.SignInStore},
 * {@link dev.hookkeeper.core.port.HookEventLog}, {@link
 * dev.hookkeeper.core.port.ReconcileSchedule}, {@link dev.hookkeeper.core.port.SecretsAtRest}, and
 * any store added beside them. Besides its own methods' contract, each promises three things:
 *
 * <ol>
 *   <li><b>Thread-safe.</b> One instance serves the whole application: any number of threads may
 *       call it at once without outside locking, and concurrent calls come out as if made one after
 *       the other (one winner of an insert-if-absent, no lost update, no number given twice). Where
 *       a method says it holds a row ({@code HookStore.lockByRepository}, {@code
 *       HookCleanupQueue.claim}, {@code TokenVault.findForRenewal}), another caller of that row
 *       waits until the holder's transaction ends. (Contracts: up to 16 threads released at once on
 *       inserts-if-absent, delivery dedup, upserts, incident grouping, notification numbering,
 *       one-time sign-ins, and the row waits; JDBI: the stores keep no state beside a thread-safe
 *       {@code Jdbi}, the in-memory ones share one lock.)
 *   <li><b>{@link dev.hookkeeper.core.port.StoreUnavailableException} when the database is
 *       down.</b> A store that cannot reach its database, or whose database restarts, times a
 *       statement out or aborts the work to break a deadlock, throws this {@link
 *       dev.hookkeeper.core.port.WebhookInfraException} within its pool's connection time-out
 *       instead of hanging; callers answer 503 and try later. The call committed nothing, with one
 *       exception no client can rule out: a connection lost while its commit was under way. That is
 *       why the core's writes are safe to repeat (insert-if-absent, compare-and-set,
 *       newer-state-only upserts). Any other failure is a bug or a schema mismatch and surfaces as
 *       {@link IllegalStateException}; no library type (JDBI, JDBC) crosses the port. (JDBI: every
 *       store reaches the database only through one gateway that translates, checked for every
 *       store in {@code StoresWhileDownTest}.)
 *   <li><b>Joins an open transaction.</b> A store call made inside {@link
 *       dev.hookkeeper.core.port.TransactionRunner#inTransaction} on the same thread takes part in
 *       that transaction: it sees the transaction's own writes, and commits or rolls back with it.
 *       A transaction opened inside an open one joins it. Outside any transaction each call is
 *       atomic on its own and committed when it returns. (Contract: {@code
 *       TransactionRunnerContract}; JDBI: the handle of an open transaction is the thread's.)
 * </ol>
 */
package dev.hookkeeper.core.port;
