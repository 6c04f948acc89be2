package org.vps.snapshots.rest;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;

/** DRF page-number pagination: {@code page} from 1, {@code page_size} up to 100, absolute links. */
final class Pagination {
  private Pagination() {}

  static PageRequest request(String page, String pageSize, FieldErrors errors) {
    int number = QueryValues.intBetween("page", page, 1, PageRequest.MAX_PAGE, 1, errors);
    int size =
        QueryValues.intBetween(
            "page_size", pageSize, 1, PageRequest.MAX_SIZE, PageRequest.DEFAULT_SIZE, errors);
    return new PageRequest(number, size);
  }

  static <T, R> Json.PageJson<R> page(
      Page<T> page, PageRequest request, UriInfo uri, Function<T, R> toJson) {
    List<R> results = page.items().stream().map(toJson).toList();
    String next = request.hasNext(page.total()) ? link(uri, request.page() + 1) : null;
    String previous = request.page() > 1 ? link(uri, request.page() - 1) : null;
    return new Json.PageJson<>(page.total(), next, previous, results);
  }

  private static String link(UriInfo uri, int page) {
    var builder = uri.getRequestUriBuilder();
    return page == 1
        ? builder.replaceQueryParam("page").build().toString()
        : builder.replaceQueryParam("page", page).build().toString();
  }
}
