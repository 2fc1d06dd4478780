/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileSettingsTest {

  private final List<String> warnings = new ArrayList<>();

  @Test
  void everySettingHasAHomeInTheFile() {
    Map<String, Object> redact =
        map("enabled", false, "headers", Arrays.asList("Authorization", "X-Token"));
    redact.put("query_params", "password,session");
    Map<String, Object> node =
        map("annotations", Arrays.asList("order_id", "app.*"), "redact", redact);
    node.put("sampler", map("rules_file", "/etc/rules.json", "rule_attribute", false));
    node.put("adaptive_sampling", "{version: 1.0}");
    node.put("sigv4", map("enabled", true));

    Map<String, String> properties = FileSettings.properties(node, warnings::add);

    assertThat(properties)
        .containsEntry("otel.aws.xray.annotations", "order_id,app.*")
        .containsEntry("otel.aws.xray.redact.enabled", "false")
        .containsEntry("otel.aws.xray.redact.headers", "Authorization,X-Token")
        .containsEntry("otel.aws.xray.redact.query-params", "password,session")
        .containsEntry("otel.aws.xray.sampler.rules-file", "/etc/rules.json")
        .containsEntry("otel.aws.xray.sampler.rule-attribute", "false")
        .containsEntry("aws.xray.adaptive.sampling.config", "{version: 1.0}")
        .containsEntry("otel.aws.xray.sigv4.enabled", "true")
        .hasSize(8);
    assertThat(warnings).isEmpty();
    assertThat(FileSettings.PATHS.values())
        .containsExactlyInAnyOrderElementsOf(properties.keySet());
  }

  @Test
  void anEmptyListOfNamesToRedactRedactsNoneButAnEmptyAnnotationListIsNoList() {
    Map<String, Object> node =
        map(
            "redact",
                map("headers", Collections.emptyList(), "query_params", Collections.emptyList()),
            "annotations", Collections.emptyList());

    assertThat(FileSettings.properties(node, warnings::add))
        .containsEntry("otel.aws.xray.redact.headers", "none")
        .containsEntry("otel.aws.xray.redact.query-params", "none")
        .doesNotContainKey("otel.aws.xray.annotations");
  }

  @Test
  void adaptiveSamplingWrittenAsAMappingIsHandedOnAsJson() {
    Map<String, Object> limit = map("anomalyTracesPerSecond", 2);
    Map<String, Object> node =
        map("adaptive_sampling", map("version", 1.0, "anomalyCaptureLimit", limit));

    assertThat(FileSettings.properties(node, warnings::add))
        .containsEntry(
            "aws.xray.adaptive.sampling.config",
            "{\"version\":1.0,\"anomalyCaptureLimit\":{\"anomalyTracesPerSecond\":2}}");
  }

  @Test
  void unknownKeysAndMisshapenValuesWarnOnceEachAndAreIgnored() {
    Map<String, Object> node =
        map("annotation", "order_id", "redact", map("headers", map("a", 1), "bogus\nline", 1));

    Map<String, String> properties = FileSettings.properties(node, warnings::add);

    assertThat(properties).isEmpty();
    assertThat(warnings).hasSize(3);
    assertThat(warnings.get(0))
        .startsWith("instrumentation/development.java.aws_xray.annotation is not a setting");
    assertThat(warnings.get(1)).contains("aws_xray.redact.headers must be a value or a list");
    assertThat(warnings.get(2)).contains("redact.bogus\\nline").doesNotContain("\n");
  }

  @Test
  void namesTenUnknownKeysAndCountsTheRestInOneLine() {
    Map<String, Object> redact = new LinkedHashMap<>();
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("redact", redact);
    for (int i = 0; i < 3_000; i++) {
      (i % 2 == 0 ? node : redact).put("bogus" + i, i);
    }

    FileSettings.properties(node, warnings::add);

    assertThat(warnings).hasSize(11);
    assertThat(warnings.get(10))
        .contains("and 2990 more keys that are not settings of the X-Ray extension ignored");
  }

  @Test
  void noNodeMeansEveryDefault() {
    assertThat(FileSettings.from(null, warnings::add).getString("otel.aws.xray.annotations"))
        .isNull();
    assertThat(warnings).isEmpty();
  }

  /** A mapping as the YAML parser makes it: keys and values in turn, in order. */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
