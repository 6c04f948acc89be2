package org.vps.snapshots.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.vps.snapshots.application.port.TokenHash;

/**
 * What the authentication filter needs from the settings. The filter is built while the REST layer
 * is set up, before the runtime configuration exists; this bean is read at the first request.
 */
@ApplicationScoped
class AccessSettings {
  private final Optional<TokenHash> adminToken;
  private final boolean apiEnabled;

  @Inject
  AccessSettings(RestConfig config) {
    this.adminToken = config.adminToken().filter(t -> !t.isBlank()).map(TokenHash::of);
    this.apiEnabled = config.api().enabled();
  }

  /** The hash of the operator token; empty when none is set. */
  Optional<TokenHash> adminToken() {
    return adminToken;
  }

  boolean apiEnabled() {
    return apiEnabled;
  }
}
