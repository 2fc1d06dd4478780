/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.ids;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestoreSaltTest {

  @Test
  void isZeroUntilARestoreSoIdsAreThoseOfTheRandomAlone() {
    RestoreSalt salt = new RestoreSalt();

    assertThat(new long[] {salt.words().traceHigh, salt.words().traceLow, salt.span()})
        .containsOnly(0L);
  }

  @Test
  void eachReseedingDrawsNewWords() {
    RestoreSalt first = new RestoreSalt();
    RestoreSalt second = new RestoreSalt();

    first.reseed();
    second.reseed();

    assertThat(first.words().traceLow).isNotEqualTo(second.words().traceLow).isNotZero();
    assertThat(first.span()).isNotEqualTo(second.span());
    assertThat(first.words().traceHigh).isNotEqualTo(second.words().traceHigh);
  }
}
