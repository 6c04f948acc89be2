package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "operations")
public class OperationEntity extends PanacheEntityBase {
  @Id public Long id;

  @Column(nullable = false)
  public String kind;

  @Column(name = "account_id")
  public Long accountId;

  @Column(name = "server_id", nullable = false)
  public long serverId;

  @Column(name = "snapshot_id", nullable = false)
  public long snapshotId;

  @Column(nullable = false)
  public String state;

  @Column(nullable = false)
  public int attempt;

  @Column(nullable = false)
  public short progress;

  public String error;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(nullable = false)
  public Instant deadline;

  @Column(name = "queued_at", nullable = false)
  public Instant queuedAt;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  @Column(name = "lease_owner")
  public String leaseOwner;

  @Column(name = "lease_expires_at")
  public Instant leaseExpiresAt;

  @Column(nullable = false)
  public long fence;

  @Column(name = "stop_request")
  public String stopRequest;

  @Column(name = "disk_written", nullable = false)
  public boolean diskWritten;
}
