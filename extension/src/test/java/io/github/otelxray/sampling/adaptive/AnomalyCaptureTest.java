package io.github.otelxray.sampling.adaptive;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.testing.LogCapture;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    assertThat(logs.messages(java.util.logging.Level.INFO))
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
