package org.vps.snapshots.application.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** A backend that records its calls and fails the next {@code n} calls when told to. */
public final class FakeHypervisor implements Hypervisor {
  private final List<String> calls = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private long sizeMb = 2048;

  public void failNext(int times) {
    failuresLeft.set(times);
  }

  public void answerSize(long sizeMb) {
    this.sizeMb = sizeMb;
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public synchronized long takeSnapshot(ServerId server, SnapshotId snapshot, Progress progress) {
    record("snapshot " + server.value() + "/" + snapshot.value());
    progress.report(50);
    return sizeMb;
  }

  @Override
  public synchronized void restoreSnapshot(
      ServerId server, SnapshotId snapshot, Progress progress) {
    record("restore " + server.value() + "/" + snapshot.value());
  }

  @Override
  public synchronized void deleteSnapshot(ServerId server, SnapshotId snapshot) {
    record("delete " + server.value() + "/" + snapshot.value());
  }

  private void record(String call) {
    calls.add(call);
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new HypervisorException("storage node unreachable");
    }
  }
}
