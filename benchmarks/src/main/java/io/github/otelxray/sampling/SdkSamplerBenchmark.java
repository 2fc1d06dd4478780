/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import io.github.otelxray.sampling.SamplingFixture.Match;
import io.github.otelxray.sampling.SamplingFixture.Semconv;
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
 * The floor: the SDK's {@code parentBased(traceIdRatioBased(0.05))}, the usual non-X-Ray setup. It
 * reads no attributes and has no rules, so it has no rule-count or match parameter: one number, to
 * set against every row of the other two sampler benchmarks. It gets the same request (the {@code
 * NONE} request, stable names) and the same trace id, so its decision is "drop" too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SdkSamplerBenchmark {

  private Sampler sampler;
  private Context parent;
  private String traceId;
  private Attributes attributes;
  private List<LinkData> links;

  @Setup
  public void setUp() {
    sampler = Sampler.parentBased(Sampler.traceIdRatioBased(0.05));
    parent = Context.root();
    traceId = SamplingFixture.TRACE_ID;
    attributes = SamplingFixture.requestAttributes(1, Match.NONE, Semconv.NEW);
    links = Collections.emptyList();
  }

  @Benchmark
  public SamplingResult shouldSample() {
    return sampler.shouldSample(parent, traceId, "GET /api", SpanKind.SERVER, attributes, links);
  }
}
