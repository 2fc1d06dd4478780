/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class XRaySamplerTest {

  private static final String RATE_SAMPLES = "4bf92f3577b34da60000000000000001";
  private static final String RATE_DROPS = "4bf92f3577b34da67fffffffffffffff";
  private static final long T0 = 1_700_000_000_000L;
  private static final Attributes GET =
      Attributes.of(AttributeKey.stringKey("http.request.method"), "GET");

  private final AtomicLong clock = new AtomicLong(T0);

  private static RulesSnapshot snapshot(String name, int reservoir, double rate) {
    SamplingRule rule =
        new SamplingRule(
            name,
            1,
            rate,
            reservoir,
            "*",
            "*",
            "*",
            "*",
            "*",
            "*",
            Map.of(),
            SamplingRule.Origin.XRAY);
    return RulesSnapshot.of(
        List.of(rule),
        RulesSnapshot.Source.XRAY,
        Resource.empty(),
        DecisionOptions.of(true, false));
  }

  private static SamplingResult sample(XRaySampler sampler, String traceId) {
    return sampler.shouldSample(Context.root(), traceId, "GET /", SpanKind.SERVER, GET, List.of());
  }

  @Test
  void decidesByTheCurrentSnapshot() {
    XRaySampler sampler = new XRaySampler(snapshot("everything", 0, 1.0), clock::get, "xray");

    SamplingResult result = sample(sampler, RATE_DROPS);

    assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(result.getAttributes().get(RuleApplier.SAMPLING_RULE)).isEqualTo("everything");
  }

  @Test
  void decidesByTheReplacementAfterReplace() {
    RulesSnapshot nothing = snapshot("nothing", 0, 0.0);
    XRaySampler sampler = new XRaySampler(snapshot("everything", 0, 1.0), clock::get, "xray");

    sampler.replace(nothing);

    assertThat(sample(sampler, RATE_SAMPLES).getDecision()).isEqualTo(SamplingDecision.DROP);
    assertThat(sampler.snapshot()).isSameAs(nothing);
  }

  @Test
  void readsTheTimeFromItsClock() {
    XRaySampler sampler = new XRaySampler(snapshot("borrowing", 1, 0.0), clock::get, "xray");

    SamplingResult first = sample(sampler, RATE_DROPS);
    SamplingResult sameSecond = sample(sampler, RATE_DROPS);
    clock.set(T0 + 1_000);
    SamplingResult nextSecond = sample(sampler, RATE_DROPS);

    assertThat(first.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(sameSecond.getDecision()).isEqualTo(SamplingDecision.DROP);
    assertThat(nextSecond.getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void countsItsDecisionsInTheSnapshot() {
    RulesSnapshot snapshot = snapshot("everything", 0, 1.0);
    XRaySampler sampler = new XRaySampler(snapshot, clock::get, "xray");

    sample(sampler, RATE_DROPS);
    sample(sampler, RATE_DROPS);

    assertThat(snapshot.drainStatistics())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.ruleName).isEqualTo("everything");
              assertThat(c.counts.requests).isEqualTo(2);
            });
  }

  @Test
  void describesItselfWithTheGivenDescription() {
    XRaySampler sampler =
        new XRaySampler(snapshot("r", 0, 1.0), clock::get, "XRaySampler{endpoint=x}");

    assertThat(sampler.getDescription()).isEqualTo("XRaySampler{endpoint=x}");
    assertThat(sampler.toString()).isEqualTo("XRaySampler{endpoint=x}");
  }
}
