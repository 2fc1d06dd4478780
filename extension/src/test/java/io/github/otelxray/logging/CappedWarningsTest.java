/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CappedWarningsTest {

  private final List<String> lines = new ArrayList<>();
  private final CappedWarnings warnings = new CappedWarnings(lines::add);

  @Test
  void passesOnTheFirstTenAndCountsTheRestInOneLine() {
    for (int i = 0; i < 7_000; i++) {
      warnings.accept("unknown key " + i);
    }
    warnings.countRest(n -> "and " + n + " more");

    assertThat(lines).hasSize(CappedWarnings.NAMED + 1);
    assertThat(lines.get(0)).isEqualTo("unknown key 0");
    assertThat(lines.get(9)).isEqualTo("unknown key 9");
    assertThat(lines.get(10)).isEqualTo("and 6990 more");
  }

  @Test
  void addsNoCountLineWhenNothingWasHeldBack() {
    for (int i = 0; i < CappedWarnings.NAMED; i++) {
      warnings.accept("unknown key " + i);
    }
    warnings.countRest(n -> "and " + n + " more");

    assertThat(lines).hasSize(CappedWarnings.NAMED).doesNotContain("and 0 more");
  }
}
