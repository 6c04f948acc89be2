package org.vps.snapshots.application.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.vps.snapshots.application.port.Outbox;

/** How many events wait to be published, and since when: what operators watch. */
@ApplicationScoped
public class ReadOutboxBacklog {
  private final Outbox outbox;

  @Inject
  public ReadOutboxBacklog(Outbox outbox) {
    this.outbox = outbox;
  }

  @Transactional
  public Outbox.Backlog execute() {
    return outbox.backlog();
  }
}
