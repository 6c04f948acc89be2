package org.vps.snapshots.rest;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vps.snapshots.application.access.AuthenticateCaller;
import org.vps.snapshots.application.access.Caller;
import org.vps.snapshots.application.access.TokenHash;

/**
 * Customers' routes take an account token (read scope for GET, write scope otherwise); operator
 * routes take the admin token from configuration. Failures answer 401 or 403, never more.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthentication implements ContainerRequestFilter {
  private static final String BEARER = "bearer ";
  private static final Set<String> READ_METHODS =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final AuthenticateCaller authenticate;
  private final CurrentCaller currentCaller;
  private final Optional<TokenHash> adminToken;
  private final boolean apiEnabled;

  @Inject
  public BearerAuthentication(
      AuthenticateCaller authenticate,
      CurrentCaller currentCaller,
      @ConfigProperty(name = "snapshots.admin-token") Optional<String> adminToken,
      @ConfigProperty(name = "snapshots.api.enabled", defaultValue = "true") boolean apiEnabled) {
    this.authenticate = authenticate;
    this.currentCaller = currentCaller;
    this.adminToken = adminToken.filter(t -> !t.isBlank()).map(TokenHash::of);
    this.apiEnabled = apiEnabled;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    boolean apiRoute = path.startsWith("/admin/") || path.startsWith("/api/");
    if (apiRoute && !apiEnabled) {
      throw ProblemException.notFound("This node runs workers only; the API is served elsewhere.");
    }
    if (path.startsWith("/admin/")) {
      requireAdmin(bearerToken(request));
    } else if (path.startsWith("/api/")) {
      Caller caller =
          authenticate
              .execute(bearerToken(request))
              .orElseThrow(() -> ProblemException.unauthenticated("Invalid token."));
      if (!READ_METHODS.contains(request.getMethod()) && !caller.mayWrite()) {
        throw ProblemException.forbidden("This token has read scope; writing needs write scope.");
      }
      currentCaller.set(caller);
    }
  }

  private void requireAdmin(String presented) {
    // Comparing hashes keeps the comparison's time independent of the secret.
    boolean valid =
        adminToken
            .map(
                expected ->
                    MessageDigest.isEqual(
                        expected.hex().getBytes(StandardCharsets.US_ASCII),
                        TokenHash.of(presented).hex().getBytes(StandardCharsets.US_ASCII)))
            .orElse(false);
    if (!valid) {
      throw ProblemException.unauthenticated("Invalid admin token.");
    }
  }

  private static String bearerToken(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      throw ProblemException.unauthenticated("Authentication credentials were not provided.");
    }
    String trimmed = header.trim();
    if (trimmed.length() <= BEARER.length()
        || !trimmed.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw ProblemException.unauthenticated("Use the Authorization header as: Bearer <token>.");
    }
    return trimmed.substring(BEARER.length()).trim();
  }
}
