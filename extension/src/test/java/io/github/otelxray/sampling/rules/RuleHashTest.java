/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuleHashTest {

  @Test
  void isTheFirstEightBytesOfTheSha256OfTheRuleNameInHex() {
    // python3 -c "import hashlib; print(hashlib.sha256(b'Default').hexdigest()[:16])"
    assertThat(RuleHash.of("Default")).isEqualTo("21b111cbfe6e8fca");
    assertThat(RuleHash.of("orders")).isEqualTo("1c168adb00d208e4");
  }

  @Test
  void differsForNamesThatDifferOnlyInCase() {
    assertThat(RuleHash.of("Orders")).isNotEqualTo(RuleHash.of("orders")).hasSize(16);
  }
}
