/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import io.github.otelxray.sampling.SamplingFixture.Match;
import io.github.otelxray.sampling.SamplingFixture.Semconv;
import io.github.otelxray.sampling.rules.DecisionOptions;
import io.github.otelxray.sampling.rules.RequestFields;
import io.github.otelxray.sampling.rules.RuleApplier;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our sampler's root decision for an incoming HTTP request, wired as {@code SamplerLifecycle#start}
 * wires it: {@code Sampler.parentBased(new XRaySampler(...))}, so it pays the same parent check as
 * the SDK's and contrib's parent-based samplers. The rules are parsed from the same X-Ray JSON that
 * {@link ContribSamplerBenchmark} serves to contrib, compiled with {@code RulesSnapshot.of(rules,
 * XRAY, resource, DecisionOptions.of(true, false))} (rule name recorded on sampled spans, the
 * default).
 *
 * <p>Ours reads both the stable HTTP names (agent 2.x) and the old ones, so {@code semconv=OLD}
 * measures the fallback lookups; the decision is the same rule either way, which {@link #setUp}
 * checks before measuring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class XRaySamplerBenchmark {

  @Param({"1", "10", "100"})
  public int ruleCount;

  @Param({"FIRST", "LAST", "NONE"})
  public Match match;

  @Param({"NEW", "OLD"})
  public Semconv semconv;

  private Sampler sampler;
  private Context parent;
  private String traceId;
  private Attributes attributes;
  private List<LinkData> links;

  @Setup
  public void setUp() throws SamplingApiException {
    List<SamplingRule> rules =
        SamplingApiJson.parseRules(SamplingFixture.rulesJson(ruleCount)).rules;
    if (rules.size() != ruleCount + 1) {
      throw new IllegalStateException(
          "parsed " + rules.size() + " rules, expected " + (ruleCount + 1));
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
    attributes = SamplingFixture.requestAttributes(ruleCount, match, semconv);
    links = Collections.emptyList();

    String decider = "(built-in fallback)";
    for (RuleApplier applier : snapshot.appliers()) {
      if (applier.matches(
          RequestFields.host(attributes),
          RequestFields.method(attributes),
          RequestFields.path(attributes),
          attributes)) {
        decider = applier.rule().ruleName();
        break;
      }
    }
    String expected = SamplingFixture.expectedRule(ruleCount, match);
    if (!decider.equals(expected)) {
      throw new IllegalStateException("rule " + decider + " decides, expected " + expected);
    }
  }

  @Benchmark
  public SamplingResult shouldSample() {
    return sampler.shouldSample(parent, traceId, "GET /api", SpanKind.SERVER, attributes, links);
  }
}
