package org.vps.snapshots.application.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.vps.snapshots.application.snapshot.CreateSnapshot.Command;
import org.vps.snapshots.application.snapshot.CreateSnapshot.Refused;
import org.vps.snapshots.application.snapshot.CreateSnapshot.Started;
import org.vps.snapshots.application.snapshot.CreateSnapshot.Together;

/**
 * Customers' creates that arrive together start together: a few threads each take the creates
 * waiting at that moment and run them in one transaction ({@link CreateSnapshot#executeTogether}),
 * so that concurrent creates share its locks' round trip, its writes' statements and its commit.
 * Nothing waits to fill a batch: a lone create runs at once. Each create keeps its own outcome; one
 * that cannot join (its server is held, the shared transaction failed) runs alone, exactly as
 * {@link CreateSnapshot#execute} runs it.
 */
@ApplicationScoped
public class CreateSnapshotsTogether {
  /** Threads that run shared transactions at once, each on a connection of the pool. */
  static final int RUNNERS = 3;

  /** The most creates one transaction starts. */
  static final int MOST = 32;

  private static final Logger LOG = Logger.getLogger(CreateSnapshotsTogether.class.getName());

  private final CreateSnapshot createSnapshot;
  private final BlockingQueue<Waiting> waiting = new LinkedBlockingQueue<>();
  private final List<Thread> runners = new ArrayList<>();
  private volatile boolean stopping;

  @Inject
  public CreateSnapshotsTogether(CreateSnapshot createSnapshot) {
    this.createSnapshot = createSnapshot;
  }

  /** Starts a snapshot as {@link CreateSnapshot#execute} does, in a transaction it may share. */
  public Started execute(Command command) {
    Together outcome = stopping ? Together.ALONE : submit(command);
    if (outcome instanceof Started started) {
      return started;
    }
    if (outcome instanceof Refused refused) {
      throw refused.reason();
    }
    return createSnapshot.execute(command);
  }

  private Together submit(Command command) {
    Waiting entry = new Waiting(command, new CompletableFuture<>());
    startRunners();
    waiting.add(entry);
    if (stopping && waiting.remove(entry)) {
      // The runners may have ended before it was queued: no one else will answer it.
      return Together.ALONE;
    }
    try {
      return entry.outcome().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while its snapshot was being started", e);
    } catch (ExecutionException e) {
      return Together.ALONE;
    }
  }

  private synchronized void startRunners() {
    if (!runners.isEmpty() || stopping) {
      return;
    }
    for (int i = 0; i < RUNNERS; i++) {
      Thread runner = new Thread(this::run, "snapshot-creates-" + i);
      runner.setDaemon(true);
      runners.add(runner);
      runner.start();
    }
  }

  private void run() {
    while (!stopping || !waiting.isEmpty()) {
      Waiting first;
      try {
        first = waiting.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (first != null) {
        List<Waiting> batch = new ArrayList<>();
        batch.add(first);
        waiting.drainTo(batch, MOST - 1);
        runTogether(batch);
      }
    }
    // Whatever came in after the last pass is run by its own request.
    List<Waiting> left = new ArrayList<>();
    waiting.drainTo(left);
    left.forEach(entry -> entry.outcome().complete(Together.ALONE));
  }

  private void runTogether(List<Waiting> batch) {
    try {
      List<Together> outcomes =
          createSnapshot.executeTogether(batch.stream().map(Waiting::command).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).outcome().complete(outcomes.get(i));
      }
    } catch (RuntimeException failed) {
      // Each create then runs alone, and any failure reaches its own caller.
      LOG.log(Level.FINE, "creates run alone after their shared transaction failed", failed);
    } finally {
      batch.forEach(entry -> entry.outcome().complete(Together.ALONE));
    }
  }

  void stopWithTheApplication(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
    stop();
  }

  /** Lets the creates already waiting finish, then stops the threads; later creates run alone. */
  public void stop() {
    List<Thread> started;
    synchronized (this) {
      stopping = true;
      started = List.copyOf(runners);
    }
    for (Thread runner : started) {
      try {
        runner.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private record Waiting(Command command, CompletableFuture<Together> outcome) {}
}
