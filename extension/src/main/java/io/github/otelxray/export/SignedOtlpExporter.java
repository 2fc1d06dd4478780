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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Faults cost one warning per distinct cause (credentials, each kind of refusal, an unreachable
 * endpoint) and one INFO line on recovery; the batch is dropped (the batch processor's queue bounds
 * what waits), nothing is retried, and the application is never involved: this runs in the batch
 * processor's thread, within the configured timeout for the whole call.
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
  private final FaultLog faults;
  private final AtomicBoolean shutdown = new AtomicBoolean();

  SignedOtlpExporter(
      URI endpoint,
      Map<String, String> userHeaders,
      boolean gzip,
      int timeoutMillis,
      RequestSigner signer,
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
    this.faults =
        new FaultLog(
            logger, "OTLP export to " + LogText.escape(endpoint.toString()) + " works again.");
  }

  SignedOtlpExporter(
      URI endpoint,
      Map<String, String> userHeaders,
      boolean gzip,
      int timeoutMillis,
      RequestSigner signer) {
    this(endpoint, userHeaders, gzip, timeoutMillis, signer, LOGGER);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (shutdown.get()) {
      return CompletableResultCode.ofFailure();
    }
    try {
      byte[] body = body(spans);
      // Signing may fetch credentials (container endpoint, STS): suppressed like the export.
      Integer status = InstrumentationSuppression.call(() -> signAndPost(body));
      return status == null ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    } catch (SigningException e) {
      if (!e.reported()) { // the shared credential chain said it once for all its users
        faults.fault(
            "credentials", "OTLP export to X-Ray not signed, spans dropped: " + e.getMessage());
      }
    } catch (HttpCallException e) {
      faults.fault(
          cause(e),
          "OTLP export to "
              + LogText.escape(endpoint.toString())
              + " "
              + (e.reason() == HttpCallException.Reason.TOO_SLOW
                  ? "got no answer within " + timeoutMillis + " ms"
                  : e.getMessage())
              + "; spans dropped");
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

  /** {@code null} when X-Ray took the spans, else the status it answered (after one warning). */
  private Integer signAndPost(byte[] body) throws HttpCallException, SigningException {
    // The timeout bounds the whole call, not each read: an endpoint (or a proxy on the way)
    // answering a byte at a time holds the export thread no longer than that.
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    Map<String, String> sent = new LinkedHashMap<>(headers);
    sent.putAll(signer.sign("POST", endpoint, headers, body));
    // The answer to a success (an ExportTraceServiceResponse) is not read: X-Ray reports no
    // partial success, and not reading it costs only the connection's reuse.
    HttpAnswer answer = http.post(endpoint, sent, body, deadline, 0);
    if (answer.successful()) {
      faults.success();
      return null;
    }
    XRayRefusal refusal =
        XRayRefusal.of(
            answer.status(),
            answer.text(),
            "OTLP export to " + LogText.escape(endpoint.toString()) + " (spans dropped)",
            ACTIONS);
    faults.fault(refusal.cause(), refusal.message());
    return answer.status();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    if (shutdown.compareAndSet(false, true)) {
      signer.close();
    }
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "SignedOtlpExporter{endpoint=" + endpoint + ", gzip=" + gzip + "}";
  }
}
