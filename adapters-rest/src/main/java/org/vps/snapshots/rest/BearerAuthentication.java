package org.vps.snapshots.rest;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
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
import org.vps.snapshots.application.access.AuthenticateCaller;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.TokenHash;

/**
 * Customers' routes take an account token (read scope for GET, write scope otherwise); operator
 * routes take the admin token from configuration. Failures answer 401 or 403, never more.
 * Customers' requests are charged to their account's budgets ({@link RateLimits}): 429 once one is
 * used up.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthentication implements ContainerRequestFilter {
  private static final String BEARER = "bearer ";
  private static final Set<String> READ_METHODS =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final AuthenticateCaller authenticate;
  private final CurrentCaller currentCaller;
  private final AccessSettings settings;
  private final RateLimits rateLimits;
  private final CurrentVertxRequest vertxRequest;

  @Inject
  public BearerAuthentication(
      AuthenticateCaller authenticate,
      CurrentCaller currentCaller,
      RateLimits rateLimits,
      CurrentVertxRequest vertxRequest,
      AccessSettings settings) {
    this.authenticate = authenticate;
    this.currentCaller = currentCaller;
    this.settings = settings;
    this.rateLimits = rateLimits;
    this.vertxRequest = vertxRequest;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    boolean apiRoute = path.startsWith("/admin/") || path.startsWith("/api/");
    if (apiRoute && !settings.apiEnabled()) {
      throw ProblemException.notFound("This node runs workers only; the API is served elsewhere.");
    }
    if (path.startsWith("/admin/")) {
      requireAdmin(bearerToken(request));
    } else if (path.startsWith("/api/")) {
      Caller caller = customer(request);
      boolean write = !READ_METHODS.contains(request.getMethod());
      rateLimits.charge(caller.accountId(), write).ifPresent(a -> admit(request, a));
      if (write && !caller.mayWrite()) {
        throw ProblemException.forbidden("This token has read scope; writing needs write scope.");
      }
      currentCaller.set(caller);
    }
  }

  /**
   * The caller a token stands for. A token not remembered is looked up in the database only while
   * the client's address has not used up its budget of unknown tokens, and charged to it if
   * unknown.
   */
  private Caller customer(ContainerRequestContext request) {
    String address = clientAddress();
    String token;
    try {
      token = bearerToken(request);
    } catch (ProblemException missing) {
      rateLimits.guessesLeft(address).ifPresent(a -> RateLimitHeaders.remember(request, a));
      throw missing;
    }
    Optional<Caller> remembered = authenticate.remembered(token);
    if (remembered.isPresent()) {
      return remembered.get();
    }
    rateLimits.guessesLeft(address).filter(a -> !a.admitted()).ifPresent(a -> admit(request, a));
    Optional<Caller> found = authenticate.execute(token);
    if (found.isEmpty()) {
      rateLimits.chargeGuess(address).ifPresent(a -> RateLimitHeaders.remember(request, a));
      throw ProblemException.unauthenticated("Invalid token.");
    }
    return found.get();
  }

  private static void admit(ContainerRequestContext request, TokenBucket.Allowance allowance) {
    RateLimitHeaders.remember(request, allowance);
    if (!allowance.admitted()) {
      throw ProblemException.rateLimited(allowance.retryAfterSeconds());
    }
  }

  private String clientAddress() {
    RoutingContext current = vertxRequest.getCurrent();
    SocketAddress remote = current == null ? null : current.request().remoteAddress();
    return remote == null ? "unknown" : remote.hostAddress();
  }

  private void requireAdmin(String presented) {
    // Comparing hashes keeps the comparison's time independent of the secret.
    boolean valid =
        settings
            .adminToken()
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
