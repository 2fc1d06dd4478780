/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.logging;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WARNING per distinct cause while faults last (not one per batch, and not one each time the
 * cause changes: X-Ray answering 403, 500 and 503 in turn costs three warnings), one INFO when
 * calls succeed again. A cause that comes back after a success warns again. At most {@link
 * #MAX_CAUSES} causes are remembered; past that the oldest is forgotten, so it may warn once more.
 */
public final class FaultLog {

  static final int MAX_CAUSES = 64;

  private final Logger logger;
  private final String recoveredMessage;
  private final Set<String> open = new LinkedHashSet<>(); // oldest first

  public FaultLog(Logger logger, String recoveredMessage) {
    this.logger = logger;
    this.recoveredMessage = recoveredMessage;
  }

  /** Logs {@code message} unless {@code cause} was logged since the last success. */
  public synchronized void fault(String cause, String message) {
    if (open.add(cause)) {
      if (open.size() > MAX_CAUSES) {
        Iterator<String> oldest = open.iterator();
        oldest.next();
        oldest.remove();
      }
      // Callers escape what they quote from outside.
      logger.log(Level.WARNING, message);
    }
  }

  /** Logs the recovery once, if a fault was logged. */
  public synchronized void success() {
    if (!open.isEmpty()) {
      open.clear();
      logger.log(Level.INFO, recoveredMessage);
    }
  }
}
