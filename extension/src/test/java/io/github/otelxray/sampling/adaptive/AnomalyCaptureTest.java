/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.testing.LogCapture;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AnomalyCaptureTest {

  private static final long T0 = 1_700_000_000_000L;

  /** Records every span without sampling it, as the xray sampler does while capture is on. */
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .setSampler(
              new Sampler() {
                @Override
                public SamplingResult shouldSample(
                    Context parentContext,
                    String traceId,
                    String name,
                    SpanKind spanKind,
                    Attributes attributes,
                    List<io.opentelemetry.sdk.trace.data.LinkData> parentLinks) {
                  return SamplingResult.recordOnly();
                }

                @Override
                public String getDescription() {
                  return "recordOnly";
                }
              })
          .build();

  @RegisterExtension final LogCapture logs = new LogCapture();

  private final AtomicLong clock = new AtomicLong(T0);
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private AnomalyCapture capture;

  private AnomalyCapture capture(String config) {
    capture =
        new AnomalyCapture(
            AdaptiveSamplingConfigReader.read(config, message -> {}),
            clock::get,
            new TraceBuffer(100, 1 << 20, 50, 30_000, 100, 10_000));
    capture.exportThrough(exporter);
    return capture;
  }

  @AfterEach
  void stop() {
    if (capture != null) {
      capture.shutdown();
    }
    provider.close();
  }

  private Span server(String name) {
    return provider.get("test").spanBuilder(name).setSpanKind(SpanKind.SERVER).startSpan();
  }

  private Span child(Span parent, String name) {
    return provider
        .get("test")
        .spanBuilder(name)
        .setParent(Context.root().with(parent))
        .startSpan();
  }

  private void end(Span span, long status) {
    if (status > 0) {
      span.setAttribute(longKey("http.response.status_code"), status);
    }
    span.end();
    capture.onEnd((ReadableSpan) span, new SpanFacts((ReadableSpan) span));
  }

  private List<String> exportedNames() {
    capture.shutdown();
    return exporter.getFinishedSpanItems().stream()
        .map(SpanData::getName)
        .collect(Collectors.toList());
  }

  @Test
  void capturesTheFailingTraceWholeWithTheCallThatEndedBeforeIt() {
    capture("version: 1.0");
    Span root = server("GET /checkout");
    Span db = child(root, "SELECT orders");
    Span call = child(root, "GET inventory");
    end(db, 0);
    end(call, 503);
    end(root, 500);

    assertThat(exportedNames()).containsExactly("SELECT orders", "GET inventory", "GET /checkout");
    assertThat(exporter.getFinishedSpanItems())
        .allSatisfy(
            span -> assertThat(span.getAttributes().get(CapturedSpanData.SAMPLED_FLAG)).isFalse());
  }

  @Test
  void exportsNothingOfTracesWithoutAnomaly() {
    capture("version: 1.0");
    for (int i = 0; i < 20; i++) {
      Span root = server("GET /ok");
      end(child(root, "SELECT"), 0);
      end(root, 200);
    }

    assertThat(exportedNames()).isEmpty();
  }

  @Test
  void sendsSpansOfACapturedTraceThatEndWithinTheWindowAndNotAfter() {
    capture("version: 1.0");
    Span root = server("GET /async");
    Span early = child(root, "queued work");
    Span late = child(root, "late work");
    end(root, 500);
    clock.addAndGet(5_000);
    end(early, 0);
    clock.addAndGet(6_000);
    end(late, 0);

    assertThat(exportedNames()).containsExactly("GET /async", "queued work");
  }

  @Test
  void capturesAtMostTheLimitOfTracesASecond() {
    capture("{version: 1.0, anomalyCaptureLimit: {anomalyTracesPerSecond: 2}}");
    for (int i = 0; i < 10; i++) {
      end(server("GET /fail-" + i), 500);
    }
    clock.addAndGet(1_000);
    end(server("GET /next-second"), 500);

    assertThat(exportedNames()).containsExactly("GET /fail-0", "GET /fail-1", "GET /next-second");
    assertThat(capture.limitedTraces()).isEqualTo(8);
    assertThat(logs.messages(Level.INFO))
        .singleElement()
        .asString()
        .contains("reached its limit of 2 trace(s) a second");
  }

  @Test
  void capturesByTheConfiguredConditionsOnly() {
    capture(
        "{version: 1.0, anomalyConditions: [{highLatencyMs: 0, operations: [SLOW], usage:"
            + " anomaly-trace-capture}, {errorCodeRegex: '5\\d\\d', usage: sampling-boost}]}");
    end(server("GET /boost-only"), 500);
    end(server("SLOW"), 200);

    assertThat(exportedNames()).containsExactly("SLOW");
  }

  @Test
  void staysBoundedUnderAFloodOfFailingTraces() {
    capture("version: 1.0");
    for (int i = 0; i < 10_000; i++) {
      Span root = server("GET /flood");
      end(child(root, "SELECT"), 0);
      end(root, 500);
    }

    assertThat(exportedNames()).hasSize(2);
    assertThat(capture.capturedTraces()).isEqualTo(1);
    assertThat(capture.droppedSpans()).isZero();
  }

  /**
   * A request that fails after adding {@code events} events of distinct {@code length}-char text.
   */
  private Span hostile(String name, int events, int length) {
    Span root = server(name);
    for (int i = 0; i < events; i++) {
      char[] text = new char[length];
      Arrays.fill(text, (char) ('a' + i % 26));
      text[0] = (char) ('A' + i % 26);
      root.addEvent("e" + i, Attributes.of(stringKey("payload"), new String(text) + i));
    }
    return root;
  }

  @Test
  void dropsSpansLargerThanTheSpanBoundWithOneWarningAndKeepsTheRestOfTheTrace() {
    capture("version: 1.0");
    for (int i = 0; i < 5; i++) {
      Span root = hostile("GET /hostile-" + i, 128, 10_000);
      end(child(root, "SELECT " + i), 0);
      end(root, 500);
      clock.addAndGet(1_000);
    }

    // Each trace captured, each 2.6 MB server span dropped, its small database call kept.
    assertThat(exportedNames())
        .containsExactly("SELECT 0", "SELECT 1", "SELECT 2", "SELECT 3", "SELECT 4");
    assertThat(capture.droppedSpans()).isEqualTo(5);
    assertThat(logs.messages(Level.WARNING))
        .singleElement()
        .asString()
        .contains("dropped a span of about")
        .contains("may hold " + AnomalyCapture.MAX_SPAN_BYTES + " bytes at most");
  }

  @Test
  void holdsQueuedSpansToTheByteBoundWhileTheExporterIsSlow() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch exporting = new CountDownLatch(1);
    capture =
        new AnomalyCapture(
            AdaptiveSamplingConfigReader.read(
                "{version: 1.0, anomalyCaptureLimit: {anomalyTracesPerSecond: 100}}",
                message -> {}),
            clock::get,
            new TraceBuffer(100, 1 << 20, 50, 30_000, 100, 10_000),
            AnomalyCapture.MAX_SPAN_BYTES,
            3L * 1024 * 1024);
    capture.exportThrough(
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            exporting.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        });
    try {
      end(hostile("GET /first", 16, 10_000), 500);
      exporting.await();

      // The exporter hangs; 200 failing traces of about 320 KB each come while it does.
      for (int i = 0; i < 200; i++) {
        clock.addAndGet(1_000); // each its own second: the rate limit lets every one through
        end(hostile("GET /hostile-" + i, 16, 10_000), 500);
        assertThat(capture.queuedBytes()).isLessThanOrEqualTo(3L * 1024 * 1024);
      }
    } finally {
      release.countDown();
    }

    assertThat(capture.droppedSpans()).isGreaterThan(150);
    assertThat(logs.messages(Level.WARNING))
        .singleElement()
        .asString()
        .contains("the export queue holds");
    capture.shutdown();
    assertThat(capture.queuedBytes()).isZero();
  }

  @Test
  void exportsOnItsOwnThreadWithoutWaitingForShutdown() throws Exception {
    capture("version: 1.0");
    end(server("GET /fail"), 500);

    // The export thread sends it; wait for exactly that export, bounded.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (exporter.getFinishedSpanItems().isEmpty() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    assertThat(exporter.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactly("GET /fail");
  }

  @Test
  void ignoresSpansAfterShutdown() {
    capture("version: 1.0");
    capture.shutdown();

    end(server("GET /fail"), 500);

    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }
}
