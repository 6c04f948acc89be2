package org.vps.snapshots.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.vps.snapshots.domain.RandomIds;

/**
 * Gives every request an id, taken from {@code X-Request-Id} when the caller sent a sane one, and
 * answers with it on every response, matched route or not; logs carry it as {@code request_id}.
 */
@ApplicationScoped
public class RequestIds {
  public static final String HEADER = "X-Request-Id";
  static final String MDC_KEY = "request_id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            ctx -> {
              String given = ctx.request().getHeader(HEADER);
              String id =
                  given != null && SANE.matcher(given).matches()
                      ? given
                      : RandomIds.uuid().toString();
              ctx.request().headers().set(HEADER, id);
              ctx.response().putHeader(HEADER, id);
              MDC.put(MDC_KEY, id);
              ctx.next();
            });
  }
}
