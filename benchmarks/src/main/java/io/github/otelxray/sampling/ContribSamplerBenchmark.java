/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.sampling.SamplingFixture.Match;
import io.github.otelxray.sampling.SamplingFixture.Semconv;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.contrib.awsxray.AwsXrayRemoteSampler;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * contrib 1.43.0's {@code AwsXrayRemoteSampler} with the same rules as {@link
 * XRaySamplerBenchmark}: {@link #setUp} serves them from a {@link FakeAwsProxy} on 127.0.0.1,
 * builds the sampler against it and waits (at most 30 s) until contrib has swapped in its {@code
 * XrayRulesSampler} with every rule, so the initial "1/s, then 5 %" sampler is never what is
 * measured.
 *
 * <p><b>Attribute names.</b> contrib 1.43.0 matches only the old HTTP attribute names ({@code
 * http.method}, {@code http.target}, {@code http.url}, {@code net.host.name}, {@code http.host}).
 * Agent 2.x writes the stable names ({@code http.request.method}, {@code url.path}, {@code
 * server.address}), so with {@code semconv=NEW}, what users of agent 2.x really get, no rule with a
 * specific Host, HTTPMethod or URLPath ever matches and every request, whatever {@code match} says,
 * walks all rules and falls to {@code Default}. {@code semconv=OLD} gives contrib names it can
 * read, so {@code FIRST}/{@code LAST}/{@code NONE} mean there what they mean for ours.
 *
 * <p>contrib's poller keeps running during the measurement: it reports statistics to the fake
 * proxy's {@code /SamplingTargets} every 10 s, on its own thread (on a 2-core machine that is a
 * little noise, not measured work).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ContribSamplerBenchmark {

  private static final long RULES_TIMEOUT_MILLIS = 30_000;

  @Param({"1", "10", "100"})
  public int ruleCount;

  @Param({"FIRST", "LAST", "NONE"})
  public Match match;

  @Param({"NEW", "OLD"})
  public Semconv semconv;

  private FakeAwsProxy proxy;
  private AwsXrayRemoteSampler sampler;
  private Context parent;
  private String traceId;
  private Attributes attributes;
  private List<LinkData> links;

  @Setup
  public void setUp() throws Exception {
    proxy =
        FakeAwsProxy.start().rulesDocument(SamplingFixture.rulesJson(ruleCount)).withoutTargets();
    sampler =
        AwsXrayRemoteSampler.newBuilder(SamplingFixture.resource())
            .setEndpoint(proxy.endpoint())
            .build();
    parent = Context.root();
    traceId = SamplingFixture.TRACE_ID;
    attributes = SamplingFixture.requestAttributes(ruleCount, match, semconv);
    links = Collections.emptyList();

    // contrib's description is "AwsXrayRemoteSampler{ParentBased{root:XrayRulesSampler{[<one
    // SamplingRuleApplier@... per rule>]}...}}" once its rules are in force.
    long start = System.nanoTime();
    String description;
    try {
      description =
          Awaitility.await()
              .atMost(Duration.ofMillis(RULES_TIMEOUT_MILLIS))
              .pollInterval(Duration.ofMillis(10))
              .until(sampler::getDescription, d -> d.contains("XrayRulesSampler"));
    } catch (ConditionTimeoutException e) {
      tearDown();
      throw new IllegalStateException(
          "contrib applied no rules within "
              + RULES_TIMEOUT_MILLIS
              + " ms (GetSamplingRules calls: "
              + proxy.requests("/GetSamplingRules").size()
              + ")",
          e);
    }
    int appliers = count(description, "SamplingRuleApplier@");
    if (appliers != ruleCount + 1) {
      tearDown();
      throw new IllegalStateException(
          "contrib applied " + appliers + " rules, expected " + (ruleCount + 1));
    }
    System.out.println(
        "contrib: "
            + appliers
            + " rules in force after "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
            + " ms");
  }

  @TearDown
  public void tearDown() {
    if (sampler != null) {
      sampler.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Benchmark
  public SamplingResult shouldSample() {
    return sampler.shouldSample(parent, traceId, "GET /api", SpanKind.SERVER, attributes, links);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      count++;
    }
    return count;
  }
}
