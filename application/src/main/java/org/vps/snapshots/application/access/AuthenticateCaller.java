package org.vps.snapshots.application.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vps.snapshots.application.port.ApiTokens;

/** Finds who a presented bearer token stands for; unknown and revoked tokens stand for no one. */
@ApplicationScoped
public class AuthenticateCaller {
  private static final Pattern PLAUSIBLE_TOKEN = Pattern.compile("[\\x21-\\x7E]{1,512}");

  private final ApiTokens tokens;

  @Inject
  public AuthenticateCaller(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Transactional
  public Optional<Caller> execute(String presentedToken) {
    if (presentedToken == null || !PLAUSIBLE_TOKEN.matcher(presentedToken).matches()) {
      return Optional.empty();
    }
    return tokens.findActive(TokenHash.of(presentedToken));
  }
}
