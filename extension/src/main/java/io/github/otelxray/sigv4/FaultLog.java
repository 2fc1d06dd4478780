package io.github.otelxray.sigv4;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WARNING per distinct cause while it lasts (not one per batch), one INFO when calls succeed
 * again. A cause that comes back after a success warns again.
 */
public final class FaultLog {

  private final Logger logger;
  private final String recoveredMessage;
  private String open;

  public FaultLog(Logger logger, String recoveredMessage) {
    this.logger = logger;
    this.recoveredMessage = recoveredMessage;
  }

  /** Logs {@code message} unless {@code cause} is the one last logged. */
  public synchronized void fault(String cause, String message) {
    if (!cause.equals(open)) {
      open = cause;
      // Callers escape what they quote from outside.
      logger.log(Level.WARNING, message);
    }
  }

  /** Logs the recovery once, if a fault was logged. */
  public synchronized void success() {
    if (open != null) {
      open = null;
      logger.log(Level.INFO, recoveredMessage);
    }
  }
}
