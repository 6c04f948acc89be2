package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "api_tokens")
public class ApiTokenEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "account_id", nullable = false)
  public long accountId;

  @Column(name = "token_hash", nullable = false, columnDefinition = "bpchar(64)")
  public String tokenHash;

  @Column(nullable = false)
  public String scope;

  @Column(name = "issued_at", nullable = false)
  public Instant issuedAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;
}
