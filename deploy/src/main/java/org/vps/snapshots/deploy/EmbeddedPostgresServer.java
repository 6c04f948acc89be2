package org.vps.snapshots.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A real PostgreSQL server run from Maven Central binaries: no installation, no Docker. */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedPostgresServer start() {
    try {
      // Its own exit hook would stop PostgreSQL while the service still writes; StopAtExit waits.
      EmbeddedPostgresServer server =
          new EmbeddedPostgresServer(
              EmbeddedPostgres.builder().setRegisterShutdownHook(false).start());
      StopAtExit.register("embedded PostgreSQL", server::close);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded PostgreSQL did not start", e);
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  public String username() {
    return "postgres";
  }

  public String password() {
    return "postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
