/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.logging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Warnings that a person will see: one WARNING when a problem appears or changes, silence while it
 * persists (not one per poll), and one INFO when it goes away. contrib logs every sampler failure
 * at FINE, which inside the agent nobody sees.
 *
 * <p>Problems often quote what the proxy sent (rule names, X-Ray's messages), so every line is
 * escaped ({@link LogText}: a newline or an ANSI escape in a rule name cannot forge a line or drive
 * a terminal) and the log is bounded against a proxy that sends a lot: a line is cut at {@link
 * #MAX_MESSAGE_CHARS}; of one kind of problem quoted from answers (skipped rules, target problems)
 * at most {@link #MAX_PER_WINDOW} lines are logged every {@link #WINDOW_MILLIS} ms, the rest
 * counted in one summary line per window; and at most {@link #MAX_OPEN} problems are remembered
 * (past that they are all forgotten, so one may warn again).
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class ProblemLog {

  static final int MAX_MESSAGE_CHARS = 1_000;
  static final int MAX_PER_WINDOW = 10;
  static final long WINDOW_MILLIS = 10 * 60 * 1000L;
  static final int MAX_OPEN = 256;

  private final Logger logger;
  private final LongSupplier clock;
  private final Map<String, String> open = new ConcurrentHashMap<>();
  // Per kind of quoted problem; touched only by the poller thread.
  private final Map<String, Budget> budgets = new HashMap<>();

  public ProblemLog(Logger logger) {
    this(logger, System::currentTimeMillis);
  }

  public ProblemLog(Logger logger, LongSupplier clock) {
    this.logger = logger;
    this.clock = clock;
  }

  /** Logs {@code message} unless it is what {@code topic} last reported. */
  public void warn(String topic, String message) {
    remember(topic, message);
  }

  /** Remembers {@code message} for {@code topic}, logging it if new; whether it was logged. */
  private boolean remember(String topic, String message) {
    String line = LogText.escape(message, MAX_MESSAGE_CHARS);
    String key = key(topic);
    if (open.size() >= MAX_OPEN && !open.containsKey(key)) {
      open.clear();
    }
    if (!line.equals(open.put(key, line))) {
      logger.log(Level.WARNING, line);
      return true;
    }
    return false;
  }

  /**
   * {@link #warn} for each of one answer's problems, each its own topic, up to {@link
   * #MAX_PER_WINDOW} new lines of this {@code kind} a window; the rest are counted, and said in one
   * line per window: "and 990 more {@code what}".
   */
  public void warnEach(String kind, String what, List<String> problems) {
    long now = clock.getAsLong();
    Budget budget = budgets.get(kind);
    if (budget == null || now - budget.start >= WINDOW_MILLIS || now < budget.start) {
      if (budget != null && budget.suppressed > 0) {
        summarise(what, budget);
      }
      budget = new Budget(now);
      budgets.put(kind, budget);
    }
    for (String problem : problems) {
      String topic = kind + ":" + problem;
      if (budget.logged < MAX_PER_WINDOW) {
        if (remember(topic, problem)) {
          budget.logged++;
        }
      } else if (!LogText.escape(problem, MAX_MESSAGE_CHARS).equals(open.get(key(topic)))) {
        budget.suppressed++;
      }
    }
    if (budget.suppressed > 0 && !budget.summarised) {
      summarise(what, budget);
      budget.summarised = true;
    }
  }

  private void summarise(String what, Budget budget) {
    logger.log(
        Level.WARNING,
        "X-Ray sampling: and "
            + budget.suppressed
            + " more "
            + what
            + " (not logged one by one: at most "
            + MAX_PER_WINDOW
            + " such lines every "
            + WINDOW_MILLIS / 60_000
            + " minutes).");
    budget.suppressed = 0;
  }

  private static String key(String topic) {
    return topic.length() <= MAX_MESSAGE_CHARS ? topic : topic.substring(0, MAX_MESSAGE_CHARS);
  }

  /** Logs {@code message} at INFO if {@code topic} had a problem; clears it. */
  public void recovered(String topic, String message) {
    if (open.remove(key(topic)) != null) {
      logger.log(Level.INFO, LogText.escape(message, MAX_MESSAGE_CHARS));
    }
  }

  /** Forgets {@code topic}'s problem without logging, so the same problem can warn again. */
  public void clear(String topic) {
    open.remove(key(topic));
  }

  public void info(String message) {
    logger.log(Level.INFO, LogText.escape(message, MAX_MESSAGE_CHARS));
  }

  /** What one kind of problem has logged in the current window. */
  private static final class Budget {
    final long start;
    int logged;
    int suppressed;
    boolean summarised;

    Budget(long start) {
      this.start = start;
    }
  }
}
