/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.ids;

import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link XRayIdGenerator} (epoch seconds in the top 32 bits of the trace id, the rest random)
 * against the SDK's {@code IdGenerator.random()}. Each call returns a new hex string, so both
 * allocate the id they return; what matters is whether ours costs more than that.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class IdGeneratorBenchmark {

  private final IdGenerator xray = XRayIdGenerator.getInstance();
  private final IdGenerator sdk = IdGenerator.random();

  @Benchmark
  public String xrayTraceId() {
    return xray.generateTraceId();
  }

  @Benchmark
  public String sdkTraceId() {
    return sdk.generateTraceId();
  }

  @Benchmark
  public String xraySpanId() {
    return xray.generateSpanId();
  }

  @Benchmark
  public String sdkSpanId() {
    return sdk.generateSpanId();
  }
}
