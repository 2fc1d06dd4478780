/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {

  private final List<String> warnings = new ArrayList<>();

  @ParameterizedTest(name = "''{0}'' with default {1} -> {2}")
  @CsvSource({
    "true, false, true",
    "TRUE, false, true",
    "' True ', false, true",
    "false, true, false",
    "False, true, false",
    "'', true, true",
    "'  ', false, false",
  })
  void readsTrueAndFalseInAnyCaseAndBlankAsTheDefaultSilently(
      String value, boolean defaultValue, boolean expected) {
    assertThat(ConfigValues.booleanOrDefault("k", value, defaultValue, warnings::add))
        .isEqualTo(expected);
    assertThat(warnings).isEmpty();
  }

  @Test
  void readsUnsetAsTheDefaultSilently() {
    assertThat(ConfigValues.booleanOrDefault("k", null, true, warnings::add)).isTrue();
    assertThat(ConfigValues.booleanOrDefault("k", null, false, warnings::add)).isFalse();
    assertThat(warnings).isEmpty();
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"yes", "1", "off", "fals", "true,false"})
  void warnsOnceNamingKeyAndValueAndUsesTheDefaultForAnythingElse(String value) {
    assertThat(
            ConfigValues.booleanOrDefault(
                "otel.aws.xray.redact.enabled", value, true, warnings::add))
        .isTrue();

    assertThat(warnings)
        .containsExactly(
            "otel.aws.xray.redact.enabled '" + value + "' is not true or false; using true.");
  }

  @Test
  void detectsLambdaByTheFunctionNameTheRuntimeSets() {
    assertThat(ConfigValues.inLambda(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"))).isTrue();
    assertThat(ConfigValues.inLambda(Map.of("AWS_LAMBDA_FUNCTION_NAME", " "))).isFalse();
    assertThat(ConfigValues.inLambda(Map.of("AWS_EXECUTION_ENV", "AWS_Lambda_java17"))).isFalse();
    assertThat(ConfigValues.inLambda(Map.of())).isFalse();
  }
}
