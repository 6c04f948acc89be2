package org.vps.snapshots.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Tells a customer where the request left its budget, on every answer, refusals included: {@code
 * RateLimit-Limit} (the burst), {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds
 * until the budget is whole again).
 */
@Provider
public class RateLimitHeaders implements ContainerResponseFilter {
  private static final String PROPERTY = RateLimitHeaders.class.getName();

  static void remember(ContainerRequestContext request, TokenBucket.Allowance allowance) {
    request.setProperty(PROPERTY, allowance);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(PROPERTY) instanceof TokenBucket.Allowance allowance) {
      response.getHeaders().putSingle("RateLimit-Limit", allowance.limit());
      response.getHeaders().putSingle("RateLimit-Remaining", allowance.remaining());
      response.getHeaders().putSingle("RateLimit-Reset", allowance.resetSeconds());
    }
  }
}
