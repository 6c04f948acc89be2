package org.vps.snapshots.application.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.TokenHash;

/**
 * Finds who a presented bearer token stands for; unknown, revoked and implausible tokens (empty,
 * too long, with spaces or control characters) stand for no one, the last without a lookup.
 */
@ApplicationScoped
public class AuthenticateCaller {
  private static final Pattern PLAUSIBLE_TOKEN = Pattern.compile("[\\x21-\\x7E]{1,512}");

  private final ApiTokens tokens;

  @Inject
  public AuthenticateCaller(ApiTokens tokens) {
    this.tokens = tokens;
  }

  // A transaction of its own: it gives its connection back before the request's command needs one.
  @Transactional
  public Optional<Caller> execute(String presentedToken) {
    return plausible(presentedToken)
        ? tokens.findActive(TokenHash.of(presentedToken))
        : Optional.empty();
  }

  /** The caller of a token found valid a moment ago, if the token store remembers it. */
  public Optional<Caller> remembered(String presentedToken) {
    return plausible(presentedToken)
        ? tokens.findRemembered(TokenHash.of(presentedToken))
        : Optional.empty();
  }

  private static boolean plausible(String presentedToken) {
    return presentedToken != null && PLAUSIBLE_TOKEN.matcher(presentedToken).matches();
  }
}
