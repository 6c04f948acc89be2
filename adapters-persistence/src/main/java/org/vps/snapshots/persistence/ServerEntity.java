package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "servers")
public class ServerEntity extends PanacheEntityBase {
  @Id public Long id;

  @Column(name = "account_id", nullable = false)
  public long accountId;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String status;

  @Column(name = "power_state_before_restore")
  public String powerStateBeforeRestore;

  @Column(name = "restoring_from")
  public Long restoringFrom;

  @Column(name = "restore_started_at")
  public Instant restoreStartedAt;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
