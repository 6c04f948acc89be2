package org.vps.snapshots.application.port;

/**
 * Tells this node's webhook sender that deliveries are due now, rather than at its next look; rung
 * inside a transaction, it sounds once that transaction committed.
 */
public interface WebhookDoorbell {
  void ring();
}
