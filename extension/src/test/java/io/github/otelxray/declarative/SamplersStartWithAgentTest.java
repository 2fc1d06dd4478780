/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.sampling.SamplerLifecycle;
import io.github.otelxray.sampling.SamplerSettings;
import io.github.otelxray.sampling.XRaySamplerProvider;
import io.github.otelxray.testing.LogCapture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SamplersStartWithAgentTest {

  private static final Resource ORDERS =
      Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "orders"));

  @RegisterExtension final LogCapture logs = new LogCapture();

  private ResourceBoundSampler sampler;

  @BeforeEach
  void offerAFileSampler() {
    SamplerHandoff.reset();
    sampler =
        new ResourceBoundSampler(
            XRaySamplerProvider.createFromFile(
                SamplerSettings.Written.inFile("tracer_provider.sampler.xray")
                    .endpoint("http://127.0.0.1:9"),
                Map.of()),
            new SamplerLifecycle(),
            null);
    SamplerHandoff.offer(sampler);
  }

  @AfterEach
  void stopIt() {
    sampler.lifecycle().shutdown();
    SamplerHandoff.reset();
  }

  @Test
  void startsTheFileSamplersWithTheAgentsResourceBeforeAnySpan() {
    SamplersStartWithAgent.startWith(null, sdk -> ORDERS);

    assertThat(sampler.isBound()).isTrue();
  }

  @Test
  void leavesTheSamplersToTheFirstSpanWhenTheResourceCannotBeRead() {
    SamplersStartWithAgent.startWith(
        null,
        sdk -> {
          throw new IllegalStateException("NoSuchMethodException");
        });

    assertThat(sampler.isBound()).isFalse();
    assertThat(logs.messages(Level.INFO))
        .anyMatch(m -> m.contains("fetches its rules at the first span"));
  }

  @Test
  void readsNothingWhenNoFileSamplerWaits() {
    sampler.bind(Resource.empty());
    AtomicReference<Boolean> asked = new AtomicReference<>(false);

    SamplersStartWithAgent.startWith(
        null,
        sdk -> {
          asked.set(true);
          return ORDERS;
        });

    assertThat(asked.get()).isFalse();
  }

  @Test
  void readsTheResourceTheSdkWasBuiltWith() {
    AutoConfiguredOpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .disableShutdownHook()
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.service.name", "orders",
                        "otel.traces.exporter", "none",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none",
                        "otel.traces.sampler", "always_on"))
            .build();
    try {
      assertThat(
              SamplersStartWithAgent.resourceOf(sdk)
                  .getAttribute(AttributeKey.stringKey("service.name")))
          .isEqualTo("orders");
    } finally {
      sdk.getOpenTelemetrySdk().close();
    }
  }
}
