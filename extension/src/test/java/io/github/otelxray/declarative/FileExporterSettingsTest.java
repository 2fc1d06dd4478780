/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.config.ConfigKeys;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.YamlDeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileExporterSettingsTest {

  private final List<String> warnings = new ArrayList<>();

  @Test
  void carriesTheExportersSettingsOverAsTheSignedExportReadsThem() {
    ConfigProperties config =
        FileExporterSettings.of(
            exporter(
                map(
                    "endpoint", "https://xray.eu-west-1.amazonaws.com/v1/traces",
                    "compression", "gzip",
                    "timeout", 3000,
                    "headers", Arrays.asList(map("name", "x-team", "value", "orders")),
                    "headers_list", "x-env=prod")),
            ours("true"),
            warnings::add);

    assertThat(config.getString(ConfigKeys.OTLP_TRACES_ENDPOINT))
        .isEqualTo("https://xray.eu-west-1.amazonaws.com/v1/traces");
    assertThat(config.getString(ConfigKeys.OTLP_TRACES_COMPRESSION)).isEqualTo("gzip");
    assertThat(config.getDuration(ConfigKeys.OTLP_TRACES_TIMEOUT))
        .isEqualTo(Duration.ofMillis(3000));
    assertThat(config.getMap(ConfigKeys.OTLP_TRACES_HEADERS))
        .containsEntry("x-team", "orders")
        .containsEntry("x-env", "prod");
    assertThat(config.getString(ConfigKeys.SIGV4_ENABLED)).isEqualTo("true");
    assertThat(warnings).isEmpty();
  }

  @Test
  void aSilentExporterLeavesTheDefaultsToTheSignedExport() {
    ConfigProperties config = FileExporterSettings.of(exporter(map()), ours(null), warnings::add);

    assertThat(config.getString(ConfigKeys.OTLP_TRACES_ENDPOINT)).isNull();
    assertThat(config.getString(ConfigKeys.SIGV4_ENABLED)).isNull();
    assertThat(config.getMap(ConfigKeys.OTLP_TRACES_HEADERS)).isEmpty();
  }

  @Test
  void aHeaderThePropertiesFormCannotCarryIsLeftOutWithOneWarning() {
    ConfigProperties config =
        FileExporterSettings.of(
            exporter(
                map(
                    "headers",
                    Arrays.asList(
                        map("name", "x-list", "value", "a,b"),
                        map("name", "x-ok", "value", "c=d")))),
            ours(null),
            warnings::add);

    assertThat(config.getMap(ConfigKeys.OTLP_TRACES_HEADERS))
        .containsOnlyKeys("x-ok")
        .containsEntry("x-ok", "c=d");
    assertThat(warnings).singleElement().asString().contains("x-list").contains("not sent");
  }

  private static DeclarativeConfigProperties exporter(Map<String, Object> node) {
    return YamlDeclarativeConfigProperties.create(
        node, ComponentLoader.forClassLoader(FileExporterSettingsTest.class.getClassLoader()));
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static ConfigProperties ours(String sigv4) {
    return DefaultConfigProperties.createFromMap(
        sigv4 == null
            ? Collections.emptyMap()
            : Collections.singletonMap(ConfigKeys.SIGV4_ENABLED, sigv4));
  }
}
