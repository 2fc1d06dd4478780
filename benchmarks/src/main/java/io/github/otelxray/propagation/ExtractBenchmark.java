/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.propagation;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
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
 * {@code X-Amzn-Trace-Id} extraction from a map carrier: our {@link XRayPropagator} (its own
 * lenient {@link TraceHeader} parser) against contrib's {@code AwsXrayPropagator} 1.57.0-alpha, the
 * copy agent 2.x ships (here unrelocated; the one inside our shaded jar is relocated and used only
 * for injection). The header is the common case, a sampled caller: {@code
 * Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}. Both return a new
 * context holding a remote span context, so both allocate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ExtractBenchmark {

  static final String HEADER =
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<Map<String, String>>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private Map<String, String> carrier;
  private Context root;
  private TextMapPropagator ours;
  private TextMapPropagator contrib;

  @Setup
  public void setUp() {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-Amzn-Trace-Id", HEADER);
    carrier = Collections.unmodifiableMap(headers);
    root = Context.root();
    ours = XRayPropagator.getInstance();
    contrib = AwsXrayPropagator.getInstance();
    check(ours.extract(root, carrier, GETTER), "ours");
    check(contrib.extract(root, carrier, GETTER), "contrib");
  }

  private static void check(Context context, String who) {
    io.opentelemetry.api.trace.SpanContext span =
        io.opentelemetry.api.trace.Span.fromContext(context).getSpanContext();
    if (!span.isValid()
        || !span.getTraceId().equals("5759e988bd862e3fe1be46a994272793")
        || !span.getSpanId().equals("53995c3f42cd8ad8")
        || !span.isSampled()
        || !span.isRemote()) {
      throw new IllegalStateException(who + " extracted " + span);
    }
  }

  @Benchmark
  public Context xrayPropagator() {
    return ours.extract(root, carrier, GETTER);
  }

  @Benchmark
  public Context contribAwsXrayPropagator() {
    return contrib.extract(root, carrier, GETTER);
  }
}
