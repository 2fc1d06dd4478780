package io.github.otelxray.sampling;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Warnings that a person will see: one WARNING when a problem appears or changes, silence while it
 * persists (not one per poll), and one INFO when it goes away. contrib logs every sampler failure
 * at FINE, which inside the agent nobody sees.
 *
 * <p>Problems often quote what the proxy sent (rule names, X-Ray's messages), so the log is bounded
 * against a proxy that sends a lot: a line is cut at {@link #MAX_MESSAGE_CHARS}, one answer's list
 * of problems logs at most {@link #MAX_PER_ANSWER} lines, and at most {@link #MAX_OPEN} problems
 * are remembered (past that they are all forgotten, so one may warn again).
 */
final class ProblemLog {

  static final int MAX_MESSAGE_CHARS = 1_000;
  static final int MAX_PER_ANSWER = 10;
  static final int MAX_OPEN = 256;

  private final Logger logger;
  private final Map<String, String> open = new ConcurrentHashMap<>();

  ProblemLog(Logger logger) {
    this.logger = logger;
  }

  /** Logs {@code message} unless it is what {@code topic} last reported. */
  void warn(String topic, String message) {
    String line = cut(message);
    if (open.size() >= MAX_OPEN && !open.containsKey(topic)) {
      open.clear();
    }
    if (!line.equals(open.put(cut(topic), line))) {
      logger.log(Level.WARNING, line);
    }
  }

  /**
   * {@link #warn} for each of one answer's problems, each its own topic, up to {@link
   * #MAX_PER_ANSWER}; the rest are counted in one more line.
   */
  void warnEach(String kind, List<String> problems) {
    for (int i = 0; i < problems.size() && i < MAX_PER_ANSWER; i++) {
      warn(kind + ":" + problems.get(i), problems.get(i));
    }
    if (problems.size() > MAX_PER_ANSWER) {
      warn(
          kind + ":more",
          "X-Ray sampling: "
              + (problems.size() - MAX_PER_ANSWER)
              + " more problems like the ones above were not logged.");
    }
  }

  private static String cut(String message) {
    return message.length() <= MAX_MESSAGE_CHARS
        ? message
        : message.substring(0, MAX_MESSAGE_CHARS) + "... (cut)";
  }

  /** Logs {@code message} at INFO if {@code topic} had a problem; clears it. */
  void recovered(String topic, String message) {
    if (open.remove(cut(topic)) != null) {
      logger.log(Level.INFO, message);
    }
  }

  /** Forgets {@code topic}'s problem without logging, so the same problem can warn again. */
  void clear(String topic) {
    open.remove(cut(topic));
  }

  /** How many problems are remembered now. */
  int remembered() {
    return open.size();
  }

  void info(String message) {
    logger.log(Level.INFO, message);
  }
}
