/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.testing.LogCapture;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class XRaySamplerComponentTest {

  /** A closed loopback port: whatever polling starts fails at once and touches nothing. */
  private static final String CLOSED_ENDPOINT = "http://127.0.0.1:9";

  @RegisterExtension final LogCapture logs = new LogCapture();

  private final List<ResourceBoundSampler> started = new ArrayList<>();

  @BeforeEach
  @AfterEach
  void forgetHandedOffSamplers() {
    SamplerHandoff.reset();
  }

  @AfterEach
  void stopPollers() {
    // Waited for, so whatever the poller logs on its way out is still captured.
    started.forEach(s -> s.lifecycle().shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  void isTheSamplerNamedXRay() {
    XRaySamplerComponent component = new XRaySamplerComponent();

    assertThat(component.getName()).isEqualTo("xray");
    assertThat(component.getType()).isEqualTo(Sampler.class);
  }

  @Test
  void readsItsPropertiesAndWaitsForTheBindingProcessor() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("endpoint", CLOSED_ENDPOINT);
    properties.put("polling_interval", 60L);

    Sampler sampler = XRaySamplerComponent.create(properties, none(), Map.of(), k -> null, true);

    assertThat(sampler.getDescription())
        .contains("XRaySampler{endpoint=" + CLOSED_ENDPOINT + ", polling_interval=60s}");
    List<ResourceBoundSampler> offered = SamplerHandoff.claim();
    assertThat(offered).singleElement().satisfies(s -> assertThat(s.isBound()).isFalse());
  }

  @Test
  void warnsOfUnknownPropertiesAndBadValuesNamingTheYamlPath() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("endpoint", "ftp://somewhere");
    properties.put("sampling_rate", null);

    XRaySamplerComponent.create(properties, none(), Map.of(), k -> null, true);

    assertThat(logs.messages(Level.WARNING))
        .containsExactly(
            "tracer_provider.sampler.xray.sampling_rate is not a property of the xray sampler;"
                + " ignored. Known: endpoint, polling_interval, rules_file.",
            "tracer_provider.sampler.xray: endpoint 'ftp://somewhere' is not an"
                + " http(s)://host:port URL; using http://localhost:2000.");
  }

  @Test
  void withoutABindingProcessorItStartsAtOnceWithoutTheResource() {
    ResourceBoundSampler sampler =
        XRaySamplerComponent.resourceBound(
            Map.of("endpoint", CLOSED_ENDPOINT), none(), Map.of(), k -> null, false);
    started.add(sampler);

    assertThat(sampler.isBound()).isTrue();
    assertThat(SamplerHandoff.claim()).isEmpty();
    assertThat(logs.messages(Level.INFO))
        .anySatisfy(m -> assertThat(m).contains("matched without the resource"));
  }

  @Test
  void adaptiveSamplingComesFromTheFileThenThePropertyThenTheEnvironment() {
    Map<String, String> env = Map.of("AWS_XRAY_ADAPTIVE_SAMPLING_CONFIG", limit(4));
    Map<String, String> fileSettings = new HashMap<>();
    fileSettings.put("aws.xray.adaptive.sampling.config", limit(2));
    Map<String, Object> properties = Map.of("endpoint", CLOSED_ENDPOINT);

    assertThat(
            XRaySamplerComponent.resourceBound(
                    properties,
                    DefaultConfigProperties.createFromMap(fileSettings),
                    env,
                    k -> limit(3),
                    true)
                .adaptiveConfig()
                .anomalyTracesPerSecond())
        .isEqualTo(2);
    assertThat(
            XRaySamplerComponent.resourceBound(properties, none(), env, k -> limit(3), true)
                .adaptiveConfig()
                .anomalyTracesPerSecond())
        .isEqualTo(3);
    assertThat(
            XRaySamplerComponent.resourceBound(properties, none(), env, k -> null, true)
                .adaptiveConfig()
                .anomalyTracesPerSecond())
        .isEqualTo(4);
  }

  @Test
  void readsTheAdaptiveSamplingDocumentWhenTheSamplerIsMadeNotAtTheFirstSpan() {
    Map<String, String> fileSettings = new HashMap<>();
    fileSettings.put("aws.xray.adaptive.sampling.config", "{version: 1.0, bogus: 1}");

    ResourceBoundSampler sampler =
        XRaySamplerComponent.resourceBound(
            Map.of("endpoint", CLOSED_ENDPOINT),
            DefaultConfigProperties.createFromMap(fileSettings),
            Map.of(),
            k -> null,
            true);

    // Read (its warning logged) while the SDK is built; binding at the first span reads nothing.
    assertThat(sampler.isBound()).isFalse();
    assertThat(sampler.adaptiveConfig().configured()).isTrue();
    assertThat(logs.messages(Level.WARNING))
        .anySatisfy(line -> assertThat(line).contains("unknown key 'bogus' ignored"));
  }

  private static String limit(int tracesPerSecond) {
    return "{version: 1.0, anomalyCaptureLimit: {anomalyTracesPerSecond: " + tracesPerSecond + "}}";
  }

  @Test
  void theSamplersOwnRulesFileWinsOverTheSettingsOne() {
    Map<String, String> fileSettings = new HashMap<>();
    fileSettings.put("otel.aws.xray.sampler.rules-file", "/from/settings.json");
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("endpoint", CLOSED_ENDPOINT);
    properties.put("rules_file", "/from/sampler.json");

    Sampler sampler =
        XRaySamplerComponent.create(
            properties,
            DefaultConfigProperties.createFromMap(fileSettings),
            Map.of(),
            k -> null,
            true);

    assertThat(sampler.getDescription()).contains("rules_file=/from/sampler.json");
  }

  private static ConfigProperties none() {
    return DefaultConfigProperties.createFromMap(Map.of());
  }
}
