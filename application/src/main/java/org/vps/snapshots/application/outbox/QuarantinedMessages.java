package org.vps.snapshots.application.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import org.vps.snapshots.application.port.Outbox;

/**
 * What operators do with outbox messages that could not be read back: look at them, put one back
 * once a fixed version can read it, or drop it.
 */
@ApplicationScoped
public class QuarantinedMessages {
  static final int MAX_LISTED = 500;

  private final Outbox outbox;

  @Inject
  public QuarantinedMessages(Outbox outbox) {
    this.outbox = outbox;
  }

  @Transactional
  public List<Outbox.Quarantined> list() {
    return outbox.quarantined(MAX_LISTED);
  }

  /** Answers false when there is no such quarantined message. */
  @Transactional
  public boolean requeue(long position) {
    return outbox.requeue(position);
  }

  /** Answers false when there is no such quarantined message. */
  @Transactional
  public boolean drop(long position) {
    return outbox.drop(position);
  }
}
