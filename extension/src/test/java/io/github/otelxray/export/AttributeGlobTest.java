/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributeGlobTest {

  @ParameterizedTest
  @CsvSource({
    "order_id,    order_id,       true",
    "order_id,    order_id2,      false",
    "order_id,    Order_id,       false",
    "app.*,       app.tier,       true",
    "app.*,       app.,           true",
    "app.*,       app,            false",
    "app.*,       application,    false",
    "app.*,       App.tier,       false",
    "*.id,        order.id,       true",
    "*.id,        order.idx,      false",
    "*.id,        .id,            true",
    "a*b*c,       aXXbYYc,        true",
    "a*b*c,       aXXbYY,         false",
    "a*b*c,       abcbc,          true",
    "tenant?,     tenant1,        true",
    "tenant?,     tenant,         false",
    "tenant?,     tenant12,       false",
    "*,           anything.at.all, true",
    "**,          x,              true",
    "app.*.id,    app.order.id,   true",
    "app.*.id,    app.order.name, false",
  })
  void matchesWholeNamesCaseSensitively(String pattern, String name, boolean matches) {
    assertThat(AttributeGlob.compile(pattern).matches(name)).isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource({
    "order_id, order_id, true",
    "app.*,    app.,     false",
    "*.id,     '',       false",
    "a?c*,     a,        false",
  })
  void knowsItsLiteralPrefix(String pattern, String prefix, boolean literal) {
    AttributeGlob glob = AttributeGlob.compile(pattern);

    assertThat(glob.literalPrefix()).isEqualTo(prefix);
    assertThat(glob.isLiteral()).isEqualTo(literal);
    assertThat(glob).hasToString(pattern);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @CsvSource({"app.*, app.*x", "a*, a*b", "*, *"})
  void letsAStarInThePatternStretchOverAStarInTheName(String pattern, String name) {
    // A '*' in the name once stopped the pattern's '*' from acting as a wildcard (as in the
    // sampling Glob, fixed there first).
    org.assertj.core.api.Assertions.assertThat(AttributeGlob.compile(pattern).matches(name))
        .isTrue();
  }
}
