package org.vps.snapshots.application.access;

import org.vps.snapshots.application.port.TokenScope;

/** A new token: its secret is here once and never again. */
public record IssuedToken(long id, String secret, TokenScope scope) {
  @Override
  public String toString() {
    return "IssuedToken[id=" + id + ", scope=" + scope + "]";
  }
}
