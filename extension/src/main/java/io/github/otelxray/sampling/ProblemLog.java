package io.github.otelxray.sampling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Warnings that a person will see: one WARNING when a problem appears or changes, silence while it
 * persists (not one per poll), and one INFO when it goes away. contrib logs every sampler failure
 * at FINE, which inside the agent nobody sees.
 */
final class ProblemLog {

  private final Logger logger;
  private final Map<String, String> open = new ConcurrentHashMap<>();

  ProblemLog(Logger logger) {
    this.logger = logger;
  }

  /** Logs {@code message} unless it is what {@code topic} last reported. */
  void warn(String topic, String message) {
    if (!message.equals(open.put(topic, message))) {
      logger.log(Level.WARNING, message);
    }
  }

  /** Logs {@code message} at INFO if {@code topic} had a problem; clears it. */
  void recovered(String topic, String message) {
    if (open.remove(topic) != null) {
      logger.log(Level.INFO, message);
    }
  }

  /** Forgets {@code topic}'s problem without logging, so the same problem can warn again. */
  void clear(String topic) {
    open.remove(topic);
  }

  void info(String message) {
    logger.log(Level.INFO, message);
  }
}
