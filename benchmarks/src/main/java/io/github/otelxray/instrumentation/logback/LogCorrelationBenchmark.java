/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.logback;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code AWS-XRAY-TRACE-ID} costs one Logback event, as the advice calls it: {@code
 * dispatching} and {@code dispatched} around the logger's dispatch, and {@code withTraceId} when a
 * pattern ({@code %X{AWS-XRAY-TRACE-ID}}) reads its MDC on the logging thread. Each operation is a
 * new event object, as in an application. {@code agentMdcCopy} is what the agent's own advice does
 * for {@code trace_id} on the same read (copy the map, add keys), for scale.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LogCorrelationBenchmark {

  private io.opentelemetry.context.Scope scope;
  private Map<String, String> mdc;

  @Setup(Level.Trial)
  public void setUp() {
    scope =
        Span.wrap(
                SpanContext.create(
                    "6b099cd67647062ddf7f07629ad3832e",
                    "53995c3f42cd8ad8",
                    TraceFlags.getSampled(),
                    TraceState.getDefault()))
            .makeCurrent();
    mdc = new HashMap<>();
    mdc.put("request_id", "r-1");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    scope.close();
  }

  @Benchmark
  public String dispatchAndRead() {
    Object event = new Object();
    Object previous = LogbackTraceIds.dispatching(event);
    String id = LogbackTraceIds.withTraceId(event, mdc).get("AWS-XRAY-TRACE-ID");
    LogbackTraceIds.dispatched(previous);
    return id;
  }

  /**
   * One event through a console appender with the agent's Logback appender on, in the order the
   * advice runs since 2026-12-03: our capture first, then the agent's appender reads the MDC,
   * {@code subAppend} (marked as a write in place) calls {@code prepareForDeferredProcessing}
   * (which reads the MDC), then {@code %X}. The figures of the order before are in
   * docs/performance.md.
   */
  @Benchmark
  public String consoleEvent() {
    Object event = new Object();
    Object previous = LogbackTraceIds.dispatching(event);
    LogbackTraceIds.withTraceId(event, mdc);
    Object write = LogbackTraceIds.writingInPlace(event);
    LogbackTraceIds.deferring(event);
    LogbackTraceIds.withTraceId(event, mdc);
    String id = LogbackTraceIds.withTraceId(event, mdc).get("AWS-XRAY-TRACE-ID");
    LogbackTraceIds.wroteInPlace(write);
    LogbackTraceIds.dispatched(previous);
    return id;
  }

  @Benchmark
  public Map<String, String> agentMdcCopy() {
    Map<String, String> copy = new HashMap<>(mdc);
    SpanContext context = Span.current().getSpanContext();
    copy.put("trace_id", context.getTraceId());
    copy.put("span_id", context.getSpanId());
    copy.put("trace_flags", context.getTraceFlags().asHex());
    return copy;
  }
}
