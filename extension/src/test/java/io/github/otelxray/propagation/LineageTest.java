/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineageTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "32767:e65a2c4d:255",
        "0:e65a2c4d:0",
        "1:00000000:1",
        "12345:abcdef01:99",
        "00000:e65a2c4d:000",
      })
  void acceptsCounterHashCounter(String value) {
    assertThat(Lineage.isValid(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "32768:e65a2c4d:255", // first counter above 32767
        "32767:e65a2c4d:256", // second counter above 255
        "99999:e65a2c4d:1",
        "100000:e65a2c4d:1", // six digits
        "456f6a97:0", // Lambda's own two-part shape
        "",
        ":",
        "::",
        ":::",
        "1:e65a2c4d", // missing second counter
        "1:e65a2c4d:", // empty second counter
        ":e65a2c4d:1", // empty first counter
        "1::1", // empty hash
        "1:e65a2c4d:1:1", // extra colon
        "1:e65a2c4d::1",
        "1::e65a2c4d:1",
        "1:E65A2C4D:1", // upper-case hex
        "1:e65a2C4d:1",
        "1:e65a2c4:1", // seven hex digits
        "1:e65a2c4d0:1", // nine hex digits
        "1:e65a2c4g:1", // not hex
        "-1:e65a2c4d:1", // sign
        "+1:e65a2c4d:1",
        "1:e65a2c4d:-0",
        " 1:e65a2c4d:1", // whitespace is not trimmed here
        "1:e65a2c4d:1 ",
        "1 :e65a2c4d:1",
        "１:e65a2c4d:1", // full-width digit
        "1:e65a2c4d:1;Sampled=1", // header injection attempt
      })
  void rejectsOtherShapes(String value) {
    assertThat(Lineage.isValid(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "32767:e65a2c4d:255",
        "0:e65a2c4d:0",
        "12345:abcdef01:99",
        "00000:e65a2c4d:000",
        "32768:e65a2c4d:255",
        "32767:e65a2c4d:256",
        "456f6a97:0",
        "1:e65a2c4d:1:1",
        "1:E65A2C4D:1",
        "1:e65a2c4:1",
        "1:e65a2c4g:1",
        "-1:e65a2c4d:1",
        "1:e65a2c4d:",
      })
  void agreesWithContribAboutWhichLineageToKeep(String value) {
    // The point of Lineage.isValid is that a lineage we forward survives contrib's extractor
    // downstream, and one contrib would drop is not forwarded.
    Map<String, String> carrier =
        Map.of(
            "X-Amzn-Trace-Id",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage="
                + value);

    Context extracted =
        AwsXrayPropagator.getInstance().extract(Context.root(), carrier, MapGetter.INSTANCE);
    boolean contribKeeps = value.equals(Baggage.fromContext(extracted).getEntryValue("Lineage"));

    assertThat(Lineage.isValid(value)).isEqualTo(contribKeeps);
  }

  private enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}
