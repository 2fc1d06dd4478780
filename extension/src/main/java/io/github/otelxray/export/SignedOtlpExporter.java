/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import io.github.otelxray.http.BoundedPost;
import io.github.otelxray.http.HttpAnswer;
import io.github.otelxray.http.HttpCallException;
import io.github.otelxray.http.InstrumentationSuppression;
import io.github.otelxray.logging.FaultLog;
import io.github.otelxray.logging.LogText;
import io.github.otelxray.sigv4.RequestSigner;
import io.github.otelxray.sigv4.SigningException;
import io.github.otelxray.sigv4.XRayRefusal;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

/**
 * OTLP/HTTP protobuf export to X-Ray's OTLP traces endpoint, every request SigV4-signed.
 *
 * <p>Why our own sender rather than a header on the agent's exporter: SigV4 signs the SHA-256 of
 * the body, and the agent's exporter writes its body (marshaled, then compressed) inside its HTTP
 * sender, out of reach. ADOT Java marshals the spans a second time to compute the hash and hands
 * the signature to the agent's exporter through its header supplier, which holds only as long as
 * both marshalings and compressions give the same bytes. Here the bytes are written once (with the
 * agent's own protobuf marshaler), signed, and those very bytes are sent.
 *
 * <p>A throttled or failed send is tried again as the agent's OTLP exporter does ({@link
 * ExportRetry}), with the same body bytes signed anew each time (a signature carries its time), all
 * within the configured timeout. The waits between attempts are spent in the batch processor's
 * thread, which is the one thread that has to wait for the batch; the application's threads only
 * enqueue spans (the batch processor's queue bounds what waits meanwhile), and no thread of ours is
 * started. A shutdown ends a wait at once.
 *
 * <p>A batch given up on costs one warning per distinct cause (credentials, each kind of refusal,
 * an unreachable endpoint) and one INFO line on recovery; attempts that fail and are retried with
 * success say nothing above FINE.
 */
final class SignedOtlpExporter implements SpanExporter {

  private static final Logger LOGGER = Logger.getLogger(SignedOtlpExporter.class.getName());

  /** The IAM actions AWS documents for the OTLP traces endpoint. */
  static final String ACTIONS = "xray:PutSpans and xray:PutSpansForIndexing";

  private final URI endpoint;
  private final Map<String, String> headers;
  private final boolean gzip;
  private final int timeoutMillis;
  private final BoundedPost http;
  private final RequestSigner signer;
  private final ExportRetry retry;
  private final ExportRetry.Pause pause;
  private final Logger logger;
  private final FaultLog faults;
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final AtomicBoolean badRetryAfterTold = new AtomicBoolean();

  SignedOtlpExporter(
      URI endpoint,
      Map<String, String> userHeaders,
      boolean gzip,
      int timeoutMillis,
      RequestSigner signer,
      ExportRetry retry,
      ExportRetry.Pause pause,
      Logger logger) {
    this.endpoint = endpoint;
    Map<String, String> headers = new LinkedHashMap<>(userHeaders);
    headers.put("Content-Type", "application/x-protobuf");
    if (gzip) {
      headers.put("Content-Encoding", "gzip");
    }
    this.headers = Collections.unmodifiableMap(headers);
    this.gzip = gzip;
    this.timeoutMillis = timeoutMillis;
    this.http = new BoundedPost(timeoutMillis, timeoutMillis, false);
    this.signer = signer;
    this.retry = retry;
    this.pause = pause != null ? pause : this::untilShutdown;
    this.logger = logger;
    this.faults =
        new FaultLog(
            logger, "OTLP export to " + LogText.escape(endpoint.toString()) + " works again.");
  }

  SignedOtlpExporter(
      URI endpoint,
      Map<String, String> userHeaders,
      boolean gzip,
      int timeoutMillis,
      RequestSigner signer,
      ExportRetry retry) {
    this(endpoint, userHeaders, gzip, timeoutMillis, signer, retry, null, LOGGER);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (shutdown.get()) {
      return CompletableResultCode.ofFailure();
    }
    try {
      byte[] body = body(spans);
      // Signing may fetch credentials (container endpoint, STS): suppressed like the export.
      Boolean sent = InstrumentationSuppression.call(() -> send(body));
      return sent ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    } catch (Exception | LinkageError e) {
      // Never into the batch processor's thread: it would stop exporting for good.
      faults.fault(
          "internal",
          "OTLP export to "
              + LogText.escape(endpoint.toString())
              + " failed: "
              + LogText.escape(e.toString()));
    }
    return CompletableResultCode.ofFailure();
  }

  /**
   * Sends {@code body} until X-Ray takes it or the retry policy gives up; {@code true} when taken.
   * The one body is sent each time: a retry holds no more memory than the batch did.
   */
  private boolean send(byte[] body) {
    // The timeout bounds the whole export, waits included, not each read: an endpoint (or a proxy
    // on the way) answering a byte at a time holds the export thread no longer than that.
    long deadline = retry.now() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    ExportRetry.Attempts attempts = retry.start(deadline);
    while (true) {
      Failure failure = attempt(body, deadline);
      if (failure == null) {
        faults.success();
        return true;
      }
      long wait = failure.retryable ? attempts.nextWait(failure.retryAfterNanos) : -1;
      if (wait < 0) {
        if (failure.message != null) {
          faults.fault(failure.cause, failure.message.apply(dropped(attempts.made())));
        }
        return false;
      }
      if (logger.isLoggable(Level.FINE)) {
        logger.fine(
            failure.message.apply(
                "retrying in " + wait / 1_000_000 + " ms, attempt " + attempts.made()));
      }
      if (!pause.pause(wait)) {
        faults.fault(
            "shutdown",
            failure.message.apply(
                "the exporter shut down while waiting to retry; spans dropped after "
                    + (attempts.made() - 1)
                    + (attempts.made() == 2 ? " attempt" : " attempts")));
        return false;
      }
    }
  }

  private static String dropped(int attempts) {
    return attempts == 1 ? "spans dropped" : "spans dropped after " + attempts + " attempts";
  }

  /** One signed POST: {@code null} when X-Ray took the spans, else why not. */
  private Failure attempt(byte[] body, long deadline) {
    Map<String, String> sent = new LinkedHashMap<>(headers);
    try {
      sent.putAll(signer.sign("POST", endpoint, headers, body));
    } catch (SigningException e) {
      if (e.reported()) {
        // The shared credential chain said it once for all its users.
        return new Failure("credentials", false, -1, null);
      }
      String message = e.getMessage();
      return new Failure(
          "credentials",
          false,
          -1,
          outcome -> "OTLP export to X-Ray not signed, " + outcome + ": " + message);
    }
    try {
      // The answer to a success (an ExportTraceServiceResponse) is not read: X-Ray reports no
      // partial success, and not reading it costs only the connection's reuse.
      HttpAnswer answer =
          http.post(endpoint, sent, body, System.nanoTime() + (deadline - retry.now()), 0);
      if (answer.successful()) {
        return null;
      }
      int status = answer.status();
      String text = answer.text();
      String cause = XRayRefusal.of(status, text, "OTLP export to " + endpoint, ACTIONS).cause();
      boolean retryable = ExportRetry.retryable(status);
      return new Failure(
          cause,
          retryable,
          retryable ? retryAfterNanos(answer.retryAfter()) : -1,
          outcome ->
              XRayRefusal.of(
                      status,
                      text,
                      "OTLP export to "
                          + LogText.escape(endpoint.toString())
                          + " ("
                          + outcome
                          + ")",
                      ACTIONS)
                  .message());
    } catch (HttpCallException e) {
      return new Failure(
          cause(e),
          ExportRetry.retryable(e),
          -1,
          outcome ->
              "OTLP export to "
                  + LogText.escape(endpoint.toString())
                  + " "
                  + (e.reason() == HttpCallException.Reason.TOO_SLOW
                      ? "got no answer within " + timeoutMillis + " ms"
                      : e.getMessage())
                  + "; "
                  + outcome);
    }
  }

  /** The wait X-Ray asked for, or {@code -1} for none (or none we understand). */
  private long retryAfterNanos(String header) {
    if (header == null) {
      return -1;
    }
    long nanos = RetryAfter.nanos(header, System.currentTimeMillis());
    if (nanos == RetryAfter.MALFORMED && badRetryAfterTold.compareAndSet(false, true)) {
      logger.warning(
          "OTLP export to "
              + LogText.escape(endpoint.toString())
              + ": Retry-After '"
              + LogText.escape(header)
              + "' is neither seconds nor an HTTP date; retrying after the usual back-off.");
    }
    return nanos;
  }

  /** One warning per kind of failure: a peer that is down is one cause however it fails. */
  private static String cause(HttpCallException e) {
    return e.reason() == HttpCallException.Reason.BAD_HEADER ? "credentials" : "unreachable";
  }

  /** The request body, exactly as sent. */
  byte[] body(Collection<SpanData> spans) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TraceRequestMarshaler request = TraceRequestMarshaler.create(spans);
    if (gzip) {
      try (OutputStream out = new GZIPOutputStream(bytes)) {
        request.writeBinaryTo(out);
      }
    } else {
      request.writeBinaryTo(bytes);
    }
    return bytes.toByteArray();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    if (shutdown.compareAndSet(false, true)) {
      stopping.countDown();
      http.close();
      signer.close();
    }
    return CompletableResultCode.ofSuccess();
  }

  /** The wait between attempts, in the export's own thread, ended by {@link #shutdown}. */
  private boolean untilShutdown(long nanos) {
    try {
      return !stopping.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Why an attempt failed: whether another may help, and what to warn if none will. */
  private static final class Failure {
    final String cause;
    final boolean retryable;
    final long retryAfterNanos;

    /**
     * The warning, given what became of the spans ("spans dropped after 3 attempts"); {@code null}
     * when the failure was reported where it arose.
     */
    final Function<String, String> message;

    Failure(
        String cause, boolean retryable, long retryAfterNanos, Function<String, String> message) {
      this.cause = cause;
      this.retryable = retryable;
      this.retryAfterNanos = retryAfterNanos;
      this.message = message;
    }
  }

  @Override
  public String toString() {
    return "SignedOtlpExporter{endpoint=" + endpoint + ", gzip=" + gzip + "}";
  }
}
