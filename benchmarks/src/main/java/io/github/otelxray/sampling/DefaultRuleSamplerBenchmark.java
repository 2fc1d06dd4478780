/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import io.github.otelxray.sampling.rules.DecisionOptions;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.SamplingRule;
import io.github.otelxray.sampling.rules.XRaySampler;
import io.github.otelxray.sampling.source.SamplingApiException;
import io.github.otelxray.sampling.source.SamplingApiJson;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The common case: an account with only X-Ray's {@code Default} rule (every matcher {@code *}), as
 * most accounts have. No request field is read; the decision is the reservoir (spent after the
 * first request of each second) and then the rate, so this is the figure to hold against the SDK's
 * {@code parentBased(traceIdRatioBased(0.05))} in {@link SdkSamplerBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DefaultRuleSamplerBenchmark {

  private Sampler sampler;
  private Context parent;
  private String traceId;
  private Attributes attributes;
  private List<LinkData> links;

  @Setup
  public void setUp() throws SamplingApiException {
    List<SamplingRule> rules = SamplingApiJson.parseRules(SamplingFixture.rulesJson(0)).rules;
    if (rules.size() != 1 || !rules.get(0).ruleName().equals("Default")) {
      throw new IllegalStateException("expected only Default, parsed " + rules);
    }
    RulesSnapshot snapshot =
        RulesSnapshot.of(
            rules,
            RulesSnapshot.Source.XRAY,
            SamplingFixture.resource(),
            DecisionOptions.of(true, false));
    sampler = Sampler.parentBased(new XRaySampler(snapshot, System::currentTimeMillis, "bench"));
    parent = Context.root();
    traceId = SamplingFixture.TRACE_ID;
    attributes =
        SamplingFixture.requestAttributes(
            1, SamplingFixture.Match.NONE, SamplingFixture.Semconv.NEW);
    links = Collections.emptyList();
  }

  @Benchmark
  public SamplingResult shouldSample() {
    return sampler.shouldSample(parent, traceId, "GET /health", SpanKind.SERVER, attributes, links);
  }
}
