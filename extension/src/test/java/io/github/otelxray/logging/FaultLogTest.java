/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.testing.LogCapture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultLogTest {

  @RegisterExtension final LogCapture logs = new LogCapture();

  private final FaultLog faults =
      new FaultLog(Logger.getLogger("io.github.otelxray.export"), "works again");

  @Test
  void warnsOncePerDistinctCauseWhenTheCausesRotate() {
    String[] causes = {"forbidden", "http-500", "http-503", "http-400", "http-429"};
    for (int batch = 0; batch < 40; batch++) {
      String cause = causes[batch % causes.length];
      faults.fault(cause, "refused: " + cause);
    }

    assertThat(logs.messages(Level.WARNING))
        .containsExactly(
            "refused: forbidden",
            "refused: http-500",
            "refused: http-503",
            "refused: http-400",
            "refused: http-429");
  }

  @Test
  void logsTheRecoveryOnceAndWarnsAgainForACauseThatComesBack() {
    faults.fault("http-500", "first");
    faults.success();
    faults.success();
    faults.fault("http-500", "again");

    assertThat(logs.messages(Level.WARNING)).containsExactly("first", "again");
    assertThat(logs.messages(Level.INFO)).containsExactly("works again");
  }

  @Test
  void logsNoRecoveryWithoutAFault() {
    faults.success();

    assertThat(logs.records()).isEmpty();
  }

  @Test
  void remembersABoundedNumberOfCausesForgettingTheOldest() {
    for (int i = 0; i <= FaultLog.MAX_CAUSES; i++) {
      faults.fault("cause-" + i, "cause " + i);
    }
    // cause-0 was forgotten to make room; the most recent ones are still remembered.
    faults.fault("cause-0", "cause 0 again");
    faults.fault("cause-" + FaultLog.MAX_CAUSES, "not again");

    assertThat(logs.messages(Level.WARNING))
        .hasSize(FaultLog.MAX_CAUSES + 2)
        .endsWith("cause 0 again");
  }
}
