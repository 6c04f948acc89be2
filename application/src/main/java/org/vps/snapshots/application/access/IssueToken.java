package org.vps.snapshots.application.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.vps.snapshots.application.port.Accounts;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.TokenHash;
import org.vps.snapshots.application.port.TokenScope;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.NotFoundException;

/** The platform issues an API token for an account; only its hash is kept. */
@ApplicationScoped
public class IssueToken {
  static final String PREFIX = "snp_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Accounts accounts;
  private final ApiTokens tokens;
  private final Clock clock;

  @Inject
  public IssueToken(Accounts accounts, ApiTokens tokens, Clock clock) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.clock = clock;
  }

  @Transactional
  public IssuedToken execute(AccountId account, TokenScope scope) {
    if (!accounts.exists(account)) {
      throw NotFoundException.account(account);
    }
    String secret = newSecret();
    long id = tokens.add(account, TokenHash.of(secret), scope, clock.instant());
    return new IssuedToken(id, secret, scope);
  }

  /** 256 random bits, URL-safe, with a prefix that secret scanners can recognise. */
  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
