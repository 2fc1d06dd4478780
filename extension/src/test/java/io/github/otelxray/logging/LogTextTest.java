/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  void escapesLineBreaksAndTerminalControls() {
    assertThat(LogText.escape("a\nb\rc\td\u001b[31me\u0085f\u2028g"))
        .isEqualTo("a\\nb\\rc\\td\\u001b[31me\\u0085f\\u2028g");
  }

  @Test
  void cutsAtTwoHundredCharactersByDefault() {
    assertThat(LogText.escape("x".repeat(300))).isEqualTo("x".repeat(200) + "...(300 chars)");
  }

  @Test
  void cutsAtTheLengthAsked() {
    assertThat(LogText.escape("x".repeat(1_500), 1_000))
        .isEqualTo("x".repeat(1_000) + "...(1500 chars)");
    assertThat(LogText.escape("short", 1_000)).isEqualTo("short");
  }

  @Test
  void saysNullForNull() {
    assertThat(LogText.escape(null, 10)).isEqualTo("null");
  }
}
