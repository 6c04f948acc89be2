package org.vps.snapshots.application.port;

import java.util.List;
import org.vps.snapshots.domain.event.SnapshotEvent;

/** Events kept in the same transaction as the change they tell of, to be published afterwards. */
public interface Outbox {

  void append(List<SnapshotEvent> events);
}
