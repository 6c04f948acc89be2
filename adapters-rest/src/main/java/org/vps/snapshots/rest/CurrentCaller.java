package org.vps.snapshots.rest;

import jakarta.enterprise.context.RequestScoped;
import org.vps.snapshots.application.port.Caller;

/** The authenticated caller of the request being handled. */
@RequestScoped
public class CurrentCaller {
  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  Caller get() {
    if (caller == null) {
      throw ProblemException.unauthenticated("Authentication credentials were not provided.");
    }
    return caller;
  }
}
