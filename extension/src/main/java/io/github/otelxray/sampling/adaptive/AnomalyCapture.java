package io.github.otelxray.sampling.adaptive;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anomaly trace capture: when a span of an unsampled trace meets a capture condition, that span and
 * the spans of its trace this process already ended (kept in a {@link TraceBuffer}) or ends in the
 * next {@link #CAPTURE_WINDOW_MILLIS} are exported anyway, marked {@code
 * aws.trace.flag.sampled=false}, at most {@code anomalyTracesPerSecond} traces a second.
 *
 * <p>ADOT captures only the anomalous span and what of its trace ends after it; the failed database
 * or downstream call, which ended before the server span, is lost there. Here it is kept.
 *
 * <p>On the request thread this costs a copy of the span and a bounded buffer append; exporting
 * happens on a daemon thread of its own, through the exporters the SDK was configured with (so
 * redaction and annotations apply), and {@link #shutdown} sends what is left.
 */
public final class AnomalyCapture {

  static final long CAPTURE_WINDOW_MILLIS = 10_000;
  static final int MAX_BUFFERED_SPANS = 2_048;
  static final long MAX_BUFFERED_BYTES = 4L * 1024 * 1024;
  static final int MAX_SPANS_PER_TRACE = 256;
  static final long MAX_BUFFER_AGE_MILLIS = 30_000;
  static final int MAX_CAPTURED_TRACES = 1_024;
  static final int QUEUE_CAPACITY = 2_048;
  static final int MAX_BATCH = 512;
  static final long EXPORT_TIMEOUT_MILLIS = 10_000;

  private static final Logger LOGGER = Logger.getLogger(AnomalyCapture.class.getName());

  private final AdaptiveSamplingConfig config;
  private final LongSupplier clock;
  private final TraceBuffer buffer;
  private final CaptureRateLimiter limiter;
  private final BlockingQueue<SpanData> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final List<SpanExporter> exporters = new CopyOnWriteArrayList<>();
  private final AtomicLong capturedTraces = new AtomicLong();
  private final AtomicLong limitedTraces = new AtomicLong();
  private final AtomicLong droppedSpans = new AtomicLong();
  private final AtomicBoolean limitLogged = new AtomicBoolean();
  private final AtomicBoolean exportFailureLogged = new AtomicBoolean();
  private final Object exportLock = new Object();
  private volatile boolean shutDown;
  private Thread worker; // guarded by this

  AnomalyCapture(AdaptiveSamplingConfig config, LongSupplier clock, TraceBuffer buffer) {
    this.config = config;
    this.clock = clock;
    this.buffer = buffer;
    this.limiter = new CaptureRateLimiter(config.anomalyTracesPerSecond());
  }

  /** Capture as {@code config} says, with the documented bounds; {@code null} when it is off. */
  public static AnomalyCapture forConfig(AdaptiveSamplingConfig config) {
    if (!config.captureEnabled()) {
      return null;
    }
    return new AnomalyCapture(
        config,
        System::currentTimeMillis,
        new TraceBuffer(
            MAX_BUFFERED_SPANS,
            MAX_BUFFERED_BYTES,
            MAX_SPANS_PER_TRACE,
            MAX_BUFFER_AGE_MILLIS,
            MAX_CAPTURED_TRACES,
            CAPTURE_WINDOW_MILLIS));
  }

  /** Captured spans leave through {@code exporter} too. */
  public void exportThrough(SpanExporter exporter) {
    exporters.add(exporter);
  }

  /** An unsampled span ended: buffer it, or capture its trace, or send it after its trace. */
  public void onEnd(ReadableSpan span, SpanFacts facts) {
    if (shutDown) {
      return;
    }
    long now = clock.getAsLong();
    String traceId = span.getSpanContext().getTraceId();
    SpanData data = span.toSpanData();
    if (config.isCaptureAnomaly(facts)) {
      if (limiter.tryAcquire(now)) {
        List<SpanData> earlier = buffer.capture(traceId, now);
        capturedTraces.incrementAndGet();
        for (SpanData previous : earlier) {
          enqueue(previous);
        }
        enqueue(data);
        ensureWorker();
        return;
      }
      limitedTraces.incrementAndGet();
      if (limitLogged.compareAndSet(false, true)) {
        LOGGER.info(
            "X-Ray anomaly capture reached its limit of "
                + config.anomalyTracesPerSecond()
                + " trace(s) a second; anomalies beyond it are not captured"
                + " (anomalyCaptureLimit.anomalyTracesPerSecond).");
      }
    }
    if (!buffer.offer(traceId, data, now)) {
      enqueue(data);
      ensureWorker();
    }
  }

  /**
   * Stops the export thread once it has handed on the batch it holds, then sends what is still
   * queued; later spans are ignored.
   */
  public CompletableResultCode shutdown() {
    shutDown = true;
    Thread thread;
    synchronized (this) {
      thread = worker;
      worker = null;
    }
    if (thread != null) {
      thread.interrupt();
      // Whatever batch the thread had taken is handed to the exporters before we send the rest.
      try {
        thread.join(EXPORT_TIMEOUT_MILLIS + 1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    exportQueued();
    return CompletableResultCode.ofSuccess();
  }

  long capturedTraces() {
    return capturedTraces.get();
  }

  long limitedTraces() {
    return limitedTraces.get();
  }

  long droppedSpans() {
    return droppedSpans.get();
  }

  private void enqueue(SpanData span) {
    if (!queue.offer(new CapturedSpanData(span))) {
      droppedSpans.incrementAndGet();
    }
  }

  private synchronized void ensureWorker() {
    if (worker != null || shutDown) {
      return;
    }
    Thread thread = new Thread(this::run, "otel-xray-anomaly-capture");
    thread.setDaemon(true);
    worker = thread;
    thread.start();
  }

  private void run() {
    while (!shutDown) {
      try {
        SpanData first = queue.poll(1, TimeUnit.SECONDS);
        if (first != null) {
          List<SpanData> batch = new ArrayList<>();
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
          export(batch);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        logExportFailure(e.toString());
      }
    }
  }

  private void exportQueued() {
    List<SpanData> batch = new ArrayList<>();
    while (queue.drainTo(batch, MAX_BATCH) > 0) {
      export(batch);
      batch = new ArrayList<>();
    }
  }

  private void export(List<SpanData> batch) {
    synchronized (exportLock) {
      for (SpanExporter exporter : exporters) {
        CompletableResultCode result =
            exporter.export(batch).join(EXPORT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (!result.isSuccess()) {
          logExportFailure("the exporter " + exporter + " did not succeed");
        }
      }
    }
  }

  private void logExportFailure(String reason) {
    Level level = exportFailureLogged.compareAndSet(false, true) ? Level.WARNING : Level.FINE;
    LOGGER.log(level, "X-Ray anomaly capture could not export captured spans: " + reason + ".");
  }
}
