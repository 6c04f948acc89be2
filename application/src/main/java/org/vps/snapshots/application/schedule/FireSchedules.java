package org.vps.snapshots.application.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * One pass of the schedules: fires due ones, each in a transaction of its own, until none is left
 * or the pass fired as many as the policy allows. Safe on every replica at once.
 */
@ApplicationScoped
public class FireSchedules {
  private final FireSchedule fire;
  private final SchedulePolicy policy;

  @Inject
  public FireSchedules(FireSchedule fire, SchedulePolicy policy) {
    this.fire = fire;
    this.policy = policy;
  }

  /** How many schedules this pass fired (or skipped, or set to wait for their server). */
  public int execute() {
    int fired = 0;
    while (fired < policy.batch() && fire.fireNext()) {
      fired++;
    }
    return fired;
  }
}
