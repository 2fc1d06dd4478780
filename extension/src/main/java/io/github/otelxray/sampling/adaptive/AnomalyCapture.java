/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
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
 * <p>On the request thread this costs a copy of the span, a bounded estimate of its size and a
 * bounded buffer append; exporting happens on a daemon thread of its own, through the exporters the
 * SDK was configured with (so redaction and annotations apply), and {@link #shutdown} sends what is
 * left.
 *
 * <p>Memory is bounded by what spans really hold ({@link SpanSize}: attributes, events, links):
 * {@link #MAX_SPAN_BYTES} a span, {@link #MAX_BUFFERED_BYTES} buffered, {@link #MAX_QUEUED_BYTES}
 * queued or being exported. What would go over is dropped, with one warning per cause; the
 * application's memory is never the reserve.
 */
public final class AnomalyCapture {

  static final long CAPTURE_WINDOW_MILLIS = 10_000;
  static final int MAX_BUFFERED_SPANS = 2_048;
  static final long MAX_BUFFERED_BYTES = 4L * 1024 * 1024;
  static final long MAX_SPAN_BYTES = 1024L * 1024;
  static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;
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
  private final BlockingQueue<CapturedSpanData> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong queuedBytes = new AtomicLong();
  private final List<SpanExporter> exporters = new CopyOnWriteArrayList<>();
  private final AtomicLong capturedTraces = new AtomicLong();
  private final AtomicLong limitedTraces = new AtomicLong();
  private final AtomicLong droppedSpans = new AtomicLong();
  private final AtomicBoolean limitLogged = new AtomicBoolean();
  private final AtomicBoolean tooLargeLogged = new AtomicBoolean();
  private final AtomicBoolean queueFullLogged = new AtomicBoolean();
  private final AtomicBoolean exportFailureLogged = new AtomicBoolean();
  private final Object exportLock = new Object();
  private volatile boolean shutDown;
  private Thread worker; // guarded by this

  private final long maxSpanBytes;
  private final long maxQueuedBytes;

  AnomalyCapture(AdaptiveSamplingConfig config, LongSupplier clock, TraceBuffer buffer) {
    this(config, clock, buffer, MAX_SPAN_BYTES, MAX_QUEUED_BYTES);
  }

  AnomalyCapture(
      AdaptiveSamplingConfig config,
      LongSupplier clock,
      TraceBuffer buffer,
      long maxSpanBytes,
      long maxQueuedBytes) {
    this.maxSpanBytes = maxSpanBytes;
    this.maxQueuedBytes = maxQueuedBytes;
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
    long size = SpanSize.estimate(data);
    if (size > maxSpanBytes) {
      tooLarge(size);
      data = null;
    }
    if (config.isCaptureAnomaly(facts)) {
      if (limiter.tryAcquire(now)) {
        TraceBuffer.Buffered earlier = buffer.capture(traceId, now);
        capturedTraces.incrementAndGet();
        for (int i = 0; i < earlier.spans.size(); i++) {
          enqueue(earlier.spans.get(i), earlier.sizes.get(i));
        }
        if (data != null) {
          enqueue(data, size);
        }
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
    if (data != null && !buffer.offer(traceId, data, size, now)) {
      enqueue(data, size);
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

  long queuedBytes() {
    return queuedBytes.get();
  }

  private void tooLarge(long size) {
    droppedSpans.incrementAndGet();
    if (tooLargeLogged.compareAndSet(false, true)) {
      LOGGER.warning(
          "X-Ray anomaly capture dropped a span of about "
              + (size >= SpanSize.UNMEASURED ? "more than " + maxSpanBytes : size)
              + " bytes (its attributes, events and links): a captured span may hold "
              + maxSpanBytes
              + " bytes at most, so that capture never costs the application its memory. Later"
              + " spans dropped for this are not logged.");
    }
  }

  private void enqueue(SpanData span, long size) {
    if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
      queuedBytes.addAndGet(-size);
      queueFull();
      return;
    }
    if (!queue.offer(new CapturedSpanData(span, size))) {
      queuedBytes.addAndGet(-size);
      queueFull();
    }
  }

  private void queueFull() {
    droppedSpans.incrementAndGet();
    if (queueFullLogged.compareAndSet(false, true)) {
      LOGGER.warning(
          "X-Ray anomaly capture dropped captured spans: the export queue holds "
              + QUEUE_CAPACITY
              + " spans and "
              + maxQueuedBytes
              + " bytes at most, and the exporter does not keep up. Later spans dropped for this"
              + " are not logged.");
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
        CapturedSpanData first = queue.poll(1, TimeUnit.SECONDS);
        if (first != null) {
          List<CapturedSpanData> batch = new ArrayList<>();
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
    List<CapturedSpanData> batch = new ArrayList<>();
    while (queue.drainTo(batch, MAX_BATCH) > 0) {
      export(batch);
      batch = new ArrayList<>();
    }
  }

  /** Hands {@code batch} to every exporter; its bytes count against the bound until then. */
  private void export(List<CapturedSpanData> batch) {
    try {
      List<SpanData> spans = new ArrayList<SpanData>(batch);
      synchronized (exportLock) {
        for (SpanExporter exporter : exporters) {
          CompletableResultCode result =
              exporter.export(spans).join(EXPORT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
          if (!result.isSuccess()) {
            logExportFailure("the exporter " + exporter + " did not succeed");
          }
        }
      }
    } finally {
      long bytes = 0;
      for (CapturedSpanData span : batch) {
        bytes += span.estimatedBytes();
      }
      queuedBytes.addAndGet(-bytes);
    }
  }

  private void logExportFailure(String reason) {
    Level level = exportFailureLogged.compareAndSet(false, true) ? Level.WARNING : Level.FINE;
    LOGGER.log(level, "X-Ray anomaly capture could not export captured spans: " + reason + ".");
  }
}
