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
import io.github.otelxray.testing.NamedThreads;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SamplerBindingProcessorTest {

  @RegisterExtension final LogCapture logs = new LogCapture();

  @Test
  void bindsTheSamplerToTheResourceAtTheFirstSpanAndStopsItWithTheSdk() throws Exception {
    Set<Thread> before = NamedThreads.alive("otel-xray-sampling");
    ResourceBoundSampler sampler =
        new ResourceBoundSampler(
            XRaySamplerProvider.createFromFile(
                SamplerSettings.Written.inFile("tracer_provider.sampler.xray")
                    .endpoint("http://127.0.0.1:9"),
                Map.of()),
            new SamplerLifecycle(),
            null);
    SamplerBindingProcessor processor =
        new SamplerBindingProcessor(Collections.singletonList(sampler));
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "orders")))
            .setSampler(sampler)
            .addSpanProcessor(processor)
            .build();

    assertThat(sampler.isBound()).isFalse();
    tracing.get("test").spanBuilder("first").startSpan().end();
    assertThat(sampler.isBound()).isTrue();
    tracing.get("test").spanBuilder("second").startSpan().end();

    Set<Thread> started = NamedThreads.alive("otel-xray-sampling");
    started.removeAll(before);
    assertThat(started).hasSize(1);

    assertThat(tracing.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    // The poller's own thread ends once its last report is done: wait for exactly that.
    for (Thread thread : started) {
      thread.join(30_000);
    }
    assertThat(started).noneMatch(Thread::isAlive);
  }

  @Test
  void copiesNoSpanWhenTheSamplersStartedWithTheAgent() {
    ResourceBoundSampler sampler =
        new ResourceBoundSampler(
            XRaySamplerProvider.createFromFile(
                SamplerSettings.Written.inFile("tracer_provider.sampler.xray")
                    .endpoint("http://127.0.0.1:9"),
                Map.of()),
            new SamplerLifecycle(),
            null);
    sampler.bind(Resource.empty());
    SamplerBindingProcessor processor =
        new SamplerBindingProcessor(Collections.singletonList(sampler));
    List<String> calls = new ArrayList<>();
    ReadWriteSpan span =
        (ReadWriteSpan)
            Proxy.newProxyInstance(
                ReadWriteSpan.class.getClassLoader(),
                new Class<?>[] {ReadWriteSpan.class},
                (proxy, method, args) -> {
                  calls.add(method.getName());
                  return null;
                });
    try {
      processor.onStart(Context.root(), span);

      assertThat(calls).isEmpty();
    } finally {
      processor.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutSamplersItAsksToSeeNoSpan() {
    SamplerBindingProcessor processor = new SamplerBindingProcessor(Collections.emptyList());

    assertThat(processor.isStartRequired()).isFalse();
    assertThat(processor.isEndRequired()).isFalse();
    assertThat(processor.shutdown().isSuccess()).isTrue();
  }
}
