package org.vps.snapshots.domain;

import java.time.Instant;
import java.util.UUID;

/** A snapshot's data is stored; it can now be restored. */
public record SnapshotCompleted(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    String name,
    long sizeMb)
    implements SnapshotEvent {}
