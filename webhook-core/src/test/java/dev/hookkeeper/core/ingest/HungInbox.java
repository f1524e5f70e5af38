package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.InboxBacklog;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.Inbox;
import dev.hookkeeper.core.port.StoreUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An inbox in front of a real one whose appends can be made to hang (a database whose processes
 * were stopped: connections open, nothing answers) or to fail (a database that is down).
 */
final class HungInbox implements Inbox {
  private final Inbox delegate;
  private volatile CountDownLatch hang = new CountDownLatch(0);
  private volatile boolean down;

  HungInbox(Inbox delegate) {
    this.delegate = delegate;
  }

  void hang() {
    hang = new CountDownLatch(1);
  }

  void resume() {
    hang.countDown();
  }

  void down(boolean isDown) {
    down = isDown;
  }

  @Override
  public boolean[] append(List<Delivery> deliveries) {
    try {
      hang.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (down) throw new StoreUnavailableException("database down (test)", null);
    return delegate.append(deliveries);
  }

  @Override
  public List<Delivery> claimDue(Instant now, int limit) {
    return delegate.claimDue(now, limit);
  }

  @Override
  public Optional<Delivery> claim(String id) {
    return delegate.claim(id);
  }

  @Override
  public void settle(List<Settlement> settlements) {
    delegate.settle(settlements);
  }

  @Override
  public void retryLater(String id, int attempts, Instant at, String error) {
    delegate.retryLater(id, attempts, at, error);
  }

  @Override
  public Requeue requeue(RepositoryId repositoryId, String id, Instant at) {
    return delegate.requeue(repositoryId, id, at);
  }

  @Override
  public int requeueMatching(RepositoryId repositoryId, ReplayFilter filter, Instant at, int limit) {
    return delegate.requeueMatching(repositoryId, filter, at, limit);
  }

  @Override
  public InboxBacklog backlog() {
    return delegate.backlog();
  }
}
