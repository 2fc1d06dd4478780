/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MdcWithTraceIdTest {

  private static final String KEY = "AWS-XRAY-TRACE-ID";

  @Test
  void answersOurKeyAndDelegatesEveryOtherWithoutCopying() {
    Map<String, String> mdc = new LinkedHashMap<>();
    mdc.put("user", "alice");
    Map<String, String> view = new MdcWithTraceId(mdc, "1-a-b@c");

    assertThat(view.get(KEY)).isEqualTo("1-a-b@c");
    assertThat(view.get("user")).isEqualTo("alice");
    assertThat(view.get("missing")).isNull();
    assertThat(view.containsKey(KEY)).isTrue();
    assertThat(view).hasSize(2);
    mdc.put("late", "x");
    assertThat(view.get("late")).as("a view, not a copy").isEqualTo("x");
  }

  @Test
  void walksTheEventsEntriesThenOurs() {
    Map<String, String> mdc = new LinkedHashMap<>();
    mdc.put("a", "1");
    mdc.put("b", "2");

    assertThat(new MdcWithTraceId(mdc, "id").entrySet())
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry(KEY, "id"));
    assertThat(new MdcWithTraceId(null, "id")).containsExactly(Map.entry(KEY, "id"));
  }

  @Test
  void equalsTheMapItStandsFor() {
    Map<String, String> expected = new HashMap<>();
    expected.put("a", "1");
    expected.put(KEY, "id");

    assertThat(new MdcWithTraceId(Map.of("a", "1"), "id")).isEqualTo(expected);
    assertThat(new MdcWithTraceId(Map.of("a", "1"), "id").hashCode())
        .isEqualTo(expected.hashCode());
  }

  @Test
  void isReadOnly() {
    Map<String, String> view = new MdcWithTraceId(new HashMap<>(), "id");

    assertThatThrownBy(() -> view.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }
}
