package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "snapshots")
public class SnapshotEntity extends PanacheEntityBase {
  @Id public Long id;

  @Column(name = "account_id", nullable = false)
  public long accountId;

  @Column(name = "server_id", nullable = false)
  public long serverId;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String description;

  @Column(nullable = false)
  public String status;

  @Column(name = "size_mb")
  public Long sizeMb;

  @Column(nullable = false)
  public short progress;

  @Column(name = "failure_reason")
  public String failureReason;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  public String consistency;
}
