/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstrumentationSuppressionTest {

  /** Stand-ins for the agent's {@code InstrumentationUtil.suppressInstrumentation}. */
  public static final class Switches {
    static int calls;

    public static void runs(Runnable work) {
      calls++;
      work.run();
    }

    public static void failsBeforeRunning(Runnable work) {
      calls++;
      throw new IllegalStateException("switch broken");
    }

    public static void failsAfterRunning(Runnable work) {
      calls++;
      work.run();
      throw new IllegalStateException("switch broken afterwards");
    }

    public static void neverRuns(Runnable work) {
      calls++;
    }
  }

  private final AtomicInteger runs = new AtomicInteger();

  private static Method switchNamed(String name) throws NoSuchMethodException {
    Switches.calls = 0;
    return Switches.class.getMethod(name, Runnable.class);
  }

  private Callable<String> answering(String value) {
    return () -> {
      runs.incrementAndGet();
      return value;
    };
  }

  @Test
  void runsTheWorkOnceInsideTheSwitch() throws Exception {
    assertThat(InstrumentationSuppression.call(switchNamed("runs"), answering("rules")))
        .isEqualTo("rules");

    assertThat(runs).hasValue(1);
    assertThat(Switches.calls).isEqualTo(1);
  }

  @Test
  void runsTheWorkDirectlyWithoutASwitch() throws Exception {
    assertThat(InstrumentationSuppression.call(null, answering("rules"))).isEqualTo("rules");

    assertThat(runs).hasValue(1);
  }

  @Test
  void runsTheWorkOnceDirectlyWhenTheSwitchFailsBeforeRunningIt() throws Exception {
    assertThat(
            InstrumentationSuppression.call(switchNamed("failsBeforeRunning"), answering("rules")))
        .isEqualTo("rules");

    assertThat(runs).hasValue(1);
  }

  @Test
  void keepsTheOutcomeWhenTheSwitchFailsAfterRunningTheWork() throws Exception {
    assertThat(
            InstrumentationSuppression.call(switchNamed("failsAfterRunning"), answering("rules")))
        .isEqualTo("rules");

    assertThat(runs).hasValue(1);
  }

  @Test
  void runsTheWorkOnceWhenTheSwitchReturnsWithoutRunningIt() throws Exception {
    assertThat(InstrumentationSuppression.call(switchNamed("neverRuns"), answering("rules")))
        .isEqualTo("rules");

    assertThat(runs).hasValue(1);
  }

  @Test
  void passesTheWorksExceptionOnAfterOneRun() throws Exception {
    Method suppress = switchNamed("runs");

    assertThatThrownBy(
            () ->
                InstrumentationSuppression.call(
                    suppress,
                    () -> {
                      runs.incrementAndGet();
                      throw new IOException("connection refused");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("connection refused");
    assertThat(runs).hasValue(1);
  }

  @Test
  void passesTheWorksErrorOnAfterOneRun() throws Exception {
    Method suppress = switchNamed("runs");

    assertThatThrownBy(
            () ->
                InstrumentationSuppression.call(
                    suppress,
                    () -> {
                      runs.incrementAndGet();
                      throw new StackOverflowError("deep");
                    }))
        .isInstanceOf(StackOverflowError.class)
        .hasMessage("deep");
    assertThat(runs).hasValue(1);
  }
}
