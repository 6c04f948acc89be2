package org.vps.snapshots.application.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.TokenHash;

/**
 * Finds who a presented bearer token stands for; unknown and revoked tokens stand for no one. Every
 * request asks, so a valid token's caller is remembered for a short while: a revocation takes
 * effect at once on the node that revoked it, and within that while on the others.
 */
@ApplicationScoped
public class AuthenticateCaller {
  private static final Pattern PLAUSIBLE_TOKEN = Pattern.compile("[\\x21-\\x7E]{1,512}");
  static final int MAX_REMEMBERED = 100_000;

  private final ApiTokens tokens;
  private final Clock clock;
  private final Duration rememberFor;
  private final Map<TokenHash, Remembered> remembered = new ConcurrentHashMap<>();

  @Inject
  public AuthenticateCaller(ApiTokens tokens, Clock clock, TokenCacheTime rememberFor) {
    this.tokens = tokens;
    this.clock = clock;
    this.rememberFor = rememberFor.value();
  }

  // A transaction of its own: it gives its connection back before the request's command needs one.
  @Transactional
  public Optional<Caller> execute(String presentedToken) {
    Optional<Caller> known = remembered(presentedToken);
    if (known.isPresent() || !plausible(presentedToken)) {
      return known;
    }
    TokenHash hash = TokenHash.of(presentedToken);
    Instant now = clock.instant();
    Optional<Caller> caller = tokens.findActive(hash);
    if (caller.isPresent() && !rememberFor.isZero()) {
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.clear();
      }
      remembered.put(hash, new Remembered(caller.get(), now.plus(rememberFor)));
    } else {
      remembered.remove(hash);
    }
    return caller;
  }

  /** The caller of a token validated a moment ago, without asking the database. */
  public Optional<Caller> remembered(String presentedToken) {
    if (!plausible(presentedToken)) {
      return Optional.empty();
    }
    Remembered known = remembered.get(TokenHash.of(presentedToken));
    return known != null && clock.instant().isBefore(known.until())
        ? Optional.of(known.caller())
        : Optional.empty();
  }

  private static boolean plausible(String presentedToken) {
    return presentedToken != null && PLAUSIBLE_TOKEN.matcher(presentedToken).matches();
  }

  /** Forgets a revoked token at once. */
  void forget(long tokenId) {
    remembered.values().removeIf(entry -> entry.caller().tokenId() == tokenId);
  }

  private record Remembered(Caller caller, Instant until) {}

  /** How long a valid token's caller is remembered; zero remembers nothing. */
  public record TokenCacheTime(Duration value) {
    public TokenCacheTime {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException("the token cache time cannot be negative");
      }
    }
  }
}
