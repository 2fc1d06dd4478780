/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.http;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;

/**
 * Runs the sampler's own HTTP calls with the agent's instrumentation suppressed, so they create no
 * span, take no sampling decision and carry no trace header.
 *
 * <p>The switch is the API's {@code InstrumentationUtil.suppressInstrumentation}, the one the
 * agent's own exporters use. It is internal and has moved ({@code io.opentelemetry.api.internal} in
 * agent 2.23, {@code io.opentelemetry.api.impl} in 2.33, under the agent's shaded prefix), so it is
 * looked up once by name; the smoke tests check that no span comes of our calls on both agents.
 */
public final class InstrumentationSuppression {

  private static final String[] CANDIDATES = {
    "io.opentelemetry.api.impl.InstrumentationUtil",
    "io.opentelemetry.api.internal.InstrumentationUtil",
    "io.opentelemetry.javaagent.shaded.io.opentelemetry.api.impl.InstrumentationUtil",
    "io.opentelemetry.javaagent.shaded.io.opentelemetry.api.internal.InstrumentationUtil",
  };

  private static final Method SUPPRESS = find();

  private InstrumentationSuppression() {}

  public static boolean available() {
    return SUPPRESS != null;
  }

  public static <T> T call(Callable<T> work) throws Exception {
    return call(SUPPRESS, work);
  }

  /**
   * {@code work}, run exactly once: inside {@code suppress} when it can be, else directly. An
   * exception or error of the work itself reaches the caller as it was thrown.
   */
  static <T> T call(Method suppress, Callable<T> work) throws Exception {
    if (suppress == null) {
      return work.call();
    }
    Run<T> run = new Run<>(work);
    try {
      suppress.invoke(null, run);
    } catch (IllegalAccessException | IllegalArgumentException | InvocationTargetException e) {
      if (!run.started) {
        // The switch failed before it ran the work: make the call anyway rather than lose the
        // rules; it may show up as a span, which the start-up warning has already said.
        return work.call();
      }
      if (!run.finished) {
        // The work itself threw an Error (its exceptions are kept in the run).
        Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        throw new IllegalStateException(cause);
      }
      // The switch failed after the work had run: its outcome stands.
    }
    if (!run.started) {
      // A switch that returned without running the work: run it once, unsuppressed.
      return work.call();
    }
    if (run.failure != null) {
      throw run.failure;
    }
    return run.result;
  }

  /** The work as the switch's Runnable, remembering how far it got. */
  private static final class Run<T> implements Runnable {
    private final Callable<T> work;
    boolean started;
    boolean finished;
    T result;
    Exception failure;

    Run(Callable<T> work) {
      this.work = work;
    }

    @Override
    public void run() {
      started = true;
      try {
        result = work.call();
      } catch (Exception e) {
        failure = e;
      }
      finished = true;
    }
  }

  private static Method find() {
    ClassLoader loader = InstrumentationSuppression.class.getClassLoader();
    for (String name : CANDIDATES) {
      try {
        return Class.forName(name, true, loader)
            .getMethod("suppressInstrumentation", Runnable.class);
      } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
        // try the next place it has lived
      }
    }
    return null;
  }
}
