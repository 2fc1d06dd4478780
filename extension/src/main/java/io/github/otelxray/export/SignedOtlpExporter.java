package io.github.otelxray.export;

import io.github.otelxray.config.LogText;
import io.github.otelxray.sampling.CallDeadline;
import io.github.otelxray.sampling.InstrumentationSuppression;
import io.github.otelxray.sigv4.FaultLog;
import io.github.otelxray.sigv4.RequestSigner;
import io.github.otelxray.sigv4.SigningException;
import io.github.otelxray.sigv4.XRayRefusal;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

  private static final Logger LOGGER = Logger.getLogger("io.github.otelxray.export");

  /** The IAM actions AWS documents for the OTLP traces endpoint. */
  static final String ACTIONS = "xray:PutSpans and xray:PutSpansForIndexing";

  /** How much of an error answer is read to tell its cause. */
  private static final int MAX_ERROR_BYTES = 8 * 1024;

  private final URI endpoint;
  private final Map<String, String> headers;
  private final boolean gzip;
  private final int timeoutMillis;
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
      faults.fault(
          "credentials", "OTLP export to X-Ray not signed, spans dropped: " + e.getMessage());
    } catch (IOException e) {
      faults.fault(
          "unreachable",
          "OTLP export to "
              + LogText.escape(endpoint.toString())
              + " failed, spans dropped: "
              + LogText.escape(e.toString()));
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
  private Integer signAndPost(byte[] body) throws IOException, SigningException {
    Map<String, String> sent = new LinkedHashMap<>(headers);
    sent.putAll(signer.sign("POST", endpoint, headers, body));
    // The timeout bounds the whole call, not each read: an endpoint (or a proxy on the way)
    // answering a byte at a time holds the export thread no longer than that.
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
    CallDeadline alarm = CallDeadline.arm(connection, timeoutMillis);
    try {
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setUseCaches(false);
      connection.setInstanceFollowRedirects(false);
      sent.forEach(connection::setRequestProperty);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      alarm.readingBody();
      if (status >= 200 && status < 300) {
        // The answer (an ExportTraceServiceResponse) is not read: partial success is not
        // reported by X-Ray, and not reading it costs only the connection's reuse.
        faults.success();
        return null;
      }
      String answer = read(connection.getErrorStream(), deadline);
      XRayRefusal refusal =
          XRayRefusal.of(
              status,
              answer,
              "OTLP export to " + LogText.escape(endpoint.toString()) + " (spans dropped)",
              ACTIONS);
      faults.fault(refusal.cause(), refusal.message());
      return status;
    } catch (IOException e) {
      if (alarm.expired()) {
        throw new IOException("no answer within " + timeoutMillis + " ms", e);
      }
      throw e;
    } finally {
      alarm.close();
      connection.disconnect();
    }
  }

  /** The start of an error answer, read until the deadline: enough to tell its cause. */
  private static String read(InputStream in, long deadline) {
    if (in == null) {
      return "";
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream stream = in) {
      byte[] buffer = new byte[1024];
      int read;
      while (bytes.size() < MAX_ERROR_BYTES
          && System.nanoTime() - deadline < 0
          && (read = stream.read(buffer)) != -1) {
        bytes.write(buffer, 0, Math.min(read, MAX_ERROR_BYTES - bytes.size()));
      }
    } catch (IOException e) {
      // what arrived is enough to tell the cause, or there is none to tell
    }
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
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
