/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.sampling.rules.RuleApplier;
import io.github.otelxray.testing.LogCapture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class XRaySamplerProviderTest {

  /** Sampled by any rate above zero, so only a rate of 0 drops it. */
  private static final String RATE_SAMPLES = "4bf92f3577b34da60000000000000001";

  /** A closed loopback port: whatever polling starts fails at once and touches nothing. */
  private static final String CLOSED_ENDPOINT = "http://127.0.0.1:9";

  private static final Attributes HEALTH_CHECK =
      Attributes.of(
          AttributeKey.stringKey("http.request.method"), "GET",
          AttributeKey.stringKey("url.path"), "/health");
  private static final Attributes ORDER =
      Attributes.of(
          AttributeKey.stringKey("http.request.method"), "POST",
          AttributeKey.stringKey("url.path"), "/orders");

  /** Health checks never sampled, everything else always. */
  private static final String RULES =
      "{\"version\": 2, \"rules\": [{\"description\": \"health\", \"host\": \"*\","
          + " \"http_method\": \"GET\", \"url_path\": \"/health\", \"fixed_target\": 0,"
          + " \"rate\": 0.0}], \"default\": {\"fixed_target\": 0, \"rate\": 1.0}}";

  private static final ConfigProperties NO_CONFIG = DefaultConfigProperties.createFromMap(Map.of());

  @TempDir Path dir;

  @RegisterExtension final LogCapture logs = new LogCapture();

  /** Pollers started by a test, stopped after it. */
  private final SamplerLifecycle lifecycle = new SamplerLifecycle();

  @AfterEach
  void stopPolling() {
    lifecycle.shutdown().join(10, TimeUnit.SECONDS);
  }

  private Sampler create(String rulesFileContent) throws Exception {
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.traces.sampler.arg", "endpoint=" + CLOSED_ENDPOINT);
    if (rulesFileContent != null) {
      Path file = dir.resolve("sampling-rules.json");
      Files.write(file, rulesFileContent.getBytes(StandardCharsets.UTF_8));
      properties.put("otel.aws.xray.sampler.rules-file", file.toString());
    }
    return new XRaySamplerProvider()
        .createSampler(DefaultConfigProperties.createFromMap(properties));
  }

  private static SamplingResult sample(Sampler sampler, Attributes attributes) {
    return sampler.shouldSample(
        Context.root(), RATE_SAMPLES, "request", SpanKind.SERVER, attributes, List.of());
  }

  @Test
  void isNamedXray() {
    assertThat(new XRaySamplerProvider().getName()).isEqualTo("xray");
  }

  @Test
  void decidesByAValidLocalRulesFile() throws Exception {
    Sampler sampler = create(RULES);

    assertThat(sample(sampler, HEALTH_CHECK).getDecision()).isEqualTo(SamplingDecision.DROP);
    SamplingResult order = sample(sampler, ORDER);
    assertThat(order.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(order.getAttributes().get(RuleApplier.SAMPLING_RULE)).isEqualTo("Default");
  }

  @Test
  void describesItsEndpointAndRulesFile() throws Exception {
    Sampler sampler = create(RULES);

    assertThat(sampler.getDescription())
        .contains("endpoint=" + CLOSED_ENDPOINT)
        .contains("polling_interval=300s")
        .contains(dir.resolve("sampling-rules.json").toString());
  }

  @Test
  void fallsBackToTheBuiltInDefaultWithABadRulesFile() throws Exception {
    // The health rule is fine; the default's rate is not, so the whole file is refused.
    Sampler sampler = create(RULES.replace("\"rate\": 1.0", "\"rate\": 1.5"));

    SamplingResult health = sample(sampler, HEALTH_CHECK);

    assertThat(health.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(health.getAttributes().get(RuleApplier.SAMPLING_RULE)).isEqualTo("Default");
    assertThat(logs.records())
        .filteredOn(r -> r.getLevel().equals(Level.WARNING))
        .anySatisfy(
            r ->
                assertThat(r.getMessage())
                    .contains("sampling-rules.json")
                    .contains("default.rate")
                    .contains("built-in default"));
  }

  @Test
  void fallsBackToTheBuiltInDefaultWhenTheRulesFileIsMissing() throws Exception {
    Map<String, String> properties =
        Map.of(
            "otel.traces.sampler.arg",
            "endpoint=" + CLOSED_ENDPOINT,
            "otel.aws.xray.sampler.rules-file",
            dir.resolve("absent.json").toString());

    Sampler sampler =
        new XRaySamplerProvider().createSampler(DefaultConfigProperties.createFromMap(properties));

    assertThat(sample(sampler, HEALTH_CHECK).getAttributes().get(RuleApplier.SAMPLING_RULE))
        .isEqualTo("Default");
    assertThat(logs.records())
        .filteredOn(r -> r.getLevel().equals(Level.WARNING))
        .anySatisfy(r -> assertThat(r.getMessage()).contains("absent.json"));
  }

  @Test
  void decidesByTheBuiltInDefaultWithoutARulesFile() throws Exception {
    Sampler sampler = create(null);

    SamplingResult health = sample(sampler, HEALTH_CHECK);

    assertThat(health.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(health.getAttributes().get(RuleApplier.SAMPLING_RULE)).isEqualTo("Default");
  }

  @Test
  void leavesOutTheRuleAttributeWhenConfiguredTo() {
    Sampler sampler =
        new XRaySamplerProvider()
            .createSampler(
                DefaultConfigProperties.createFromMap(
                    Map.of(
                        "otel.traces.sampler.arg",
                        "endpoint=" + CLOSED_ENDPOINT,
                        "otel.aws.xray.sampler.rule-attribute",
                        "false")));

    SamplingResult result = sample(sampler, ORDER);

    assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(result.getAttributes().isEmpty()).isTrue();
  }

  @Test
  void returnsOtherSamplersUnchanged() {
    Sampler other = Sampler.traceIdRatioBased(0.25);

    assertThat(lifecycle.start(other, Resource.empty(), NO_CONFIG)).isSameAs(other);
  }

  @Test
  void startsTheXRaySamplerParentBasedAndDecidingByTheLocalRules() throws Exception {
    Sampler started = lifecycle.start(create(RULES), Resource.empty(), NO_CONFIG);

    assertThat(started.getDescription())
        .startsWith("ParentBased{root:XRaySampler{endpoint=" + CLOSED_ENDPOINT);
    assertThat(sample(started, HEALTH_CHECK).getDecision()).isEqualTo(SamplingDecision.DROP);
    assertThat(sample(started, ORDER).getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }
}
