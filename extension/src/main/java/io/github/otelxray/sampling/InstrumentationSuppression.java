package io.github.otelxray.sampling;

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
final class InstrumentationSuppression {

  private static final String[] CANDIDATES = {
    "io.opentelemetry.api.impl.InstrumentationUtil",
    "io.opentelemetry.api.internal.InstrumentationUtil",
    "io.opentelemetry.javaagent.shaded.io.opentelemetry.api.impl.InstrumentationUtil",
    "io.opentelemetry.javaagent.shaded.io.opentelemetry.api.internal.InstrumentationUtil",
  };

  private static final Method SUPPRESS = find();

  private InstrumentationSuppression() {}

  static boolean available() {
    return SUPPRESS != null;
  }

  static <T> T call(Callable<T> work) throws Exception {
    if (SUPPRESS == null) {
      return work.call();
    }
    Object[] result = new Object[1];
    Exception[] failure = new Exception[1];
    Runnable runnable =
        () -> {
          try {
            result[0] = work.call();
          } catch (Exception e) {
            failure[0] = e;
          }
        };
    try {
      SUPPRESS.invoke(null, runnable);
    } catch (IllegalAccessException | InvocationTargetException e) {
      // The switch itself failed: make the call anyway rather than lose the rules.
      return work.call();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    @SuppressWarnings("unchecked")
    T value = (T) result[0];
    return value;
  }

  private static Method find() {
    ClassLoader loader = InstrumentationSuppression.class.getClassLoader();
    for (String name : CANDIDATES) {
      try {
        return Class.forName(name, true, loader).getMethod("suppressInstrumentation", Runnable.class);
      } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
        // try the next place it has lived
      }
    }
    return null;
  }
}
