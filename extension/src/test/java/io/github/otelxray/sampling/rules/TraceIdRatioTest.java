/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceIdRatioTest {

  /** Low halves at the edges of the comparison: zero, one, the extremes and their neighbours. */
  private static final String[] EDGE_LOW_HALVES = {
    "0000000000000000",
    "0000000000000001",
    "7fffffffffffffff",
    "8000000000000000",
    "8000000000000001",
    "ffffffffffffffff",
    "0ccccccccccccccc",
    "0ccccccccccccccd",
    "3fffffffffffffff",
    "4000000000000000",
  };

  @ParameterizedTest(name = "rate {0}")
  @ValueSource(doubles = {0.0, 0.05, 0.1, 0.5, 0.999, 1.0})
  void decidesAsTheSdkTraceIdRatioSamplerForTheSameRate(double rate) {
    // Services mixing our sampler with the SDK's must agree on every trace, or traces break apart.
    Random random = new Random(42);
    int sampled = 0;
    int total = 20_000;

    for (int i = 0; i < total; i++) {
      String traceId = String.format("%016x%016x", random.nextLong(), random.nextLong());
      boolean expected = sdkSamples(rate, traceId);
      assertThat(TraceIdRatio.sampled(traceId, TraceIdRatio.bound(rate)))
          .as(traceId)
          .isEqualTo(expected);
      if (expected) {
        sampled++;
      }
    }

    // Guards against both sides trivially agreeing on "never" or "always".
    if (rate > 0.0 && rate < 0.9) {
      assertThat(sampled).isPositive().isLessThan(total);
    }
  }

  @ParameterizedTest(name = "rate {0}")
  @ValueSource(doubles = {0.0, 0.05, 0.5, 0.999})
  void decidesAsTheSdkForExtremeTraceIdsBelowRateOne(double rate) {
    for (String low : EDGE_LOW_HALVES) {
      String traceId = "4bf92f3577b34da6" + low;
      assertThat(TraceIdRatio.sampled(traceId, TraceIdRatio.bound(rate)))
          .as(traceId)
          .isEqualTo(sdkSamples(rate, traceId));
    }
  }

  @ParameterizedTest
  @CsvSource({"4bf92f3577b34da67fffffffffffffff", "4bf92f3577b34da68000000000000001"})
  void samplesEveryTraceAtRateOneEvenTheTwoTheSdkDrops(String traceId) {
    // The SDK compares |low half| < Long.MAX_VALUE at rate 1 and so drops these two of 2^64 ids;
    // a FixedRate of 1 means every trace in X-Ray, and the sampler keeps that meaning.
    assertThat(sdkSamples(1.0, traceId)).isFalse();
    assertThat(TraceIdRatio.sampled(traceId, TraceIdRatio.bound(1.0))).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "5759e988bd862e3f0000000000000000, 0",
    "5759e988bd862e3f0000000000000001, 1",
    "5759e988bd862e3f00000000000000ff, 255",
    "5759e988bd862e3fe1be46a994272793, -2180227475451730029",
    "ffffffffffffffff7fffffffffffffff, 9223372036854775807",
    "00000000000000008000000000000000, -9223372036854775808",
    "00000000000000000123456789abcdef, 81985529216486895",
  })
  void readsTheLowSixteenHexDigitsAsASignedLong(String traceId, long expected) {
    assertThat(TraceIdRatio.lowBits(traceId)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "0.0, -9223372036854775808",
    "-0.5, -9223372036854775808",
    "1.0, 9223372036854775807",
    "1.5, 9223372036854775807",
    "0.5, 4611686018427387904",
  })
  void boundsTheRateAtNeverAndAlways(double rate, long bound) {
    assertThat(TraceIdRatio.bound(rate)).isEqualTo(bound);
  }

  @ParameterizedTest
  @CsvSource({
    // rate 0 never samples, rate 1 always does, even for the extreme low halves.
    "0.0, 5759e988bd862e3f0000000000000000, false",
    "0.0, 5759e988bd862e3f8000000000000000, false",
    "1.0, 5759e988bd862e3f7fffffffffffffff, true",
    "1.0, 5759e988bd862e3f8000000000000000, true",
    "0.5, 5759e988bd862e3f0000000000000001, true",
    "0.5, 5759e988bd862e3f7fffffffffffffff, false",
  })
  void samplesTheEdgesAsTheRateSays(double rate, String traceId, boolean sampled) {
    assertThat(TraceIdRatio.sampled(traceId, TraceIdRatio.bound(rate))).isEqualTo(sampled);
  }

  private static boolean sdkSamples(double rate, String traceId) {
    return Sampler.traceIdRatioBased(rate)
            .shouldSample(
                Context.root(), traceId, "span", SpanKind.SERVER, Attributes.empty(), List.of())
            .getDecision()
        == SamplingDecision.RECORD_AND_SAMPLE;
  }
}
