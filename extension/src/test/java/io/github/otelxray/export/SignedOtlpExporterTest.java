/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.otelxray.sigv4.RequestSigner;
import io.github.otelxray.sigv4.SigningException;
import io.github.otelxray.testing.LogCapture;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignedOtlpExporterTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @RegisterExtension final LogCapture logs = new LogCapture();

  private HttpServer server;
  private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<String> answer = new AtomicReference<>("");
  private final AtomicReference<String> retryAfter = new AtomicReference<>();

  /** Statuses answered before {@link #status}, one a request. */
  private final Queue<Integer> firstStatuses = new ConcurrentLinkedQueue<>();

  private final CountDownLatch firstRequest = new CountDownLatch(1);
  private URI endpoint;

  /** The clock of the retry policy: each pause moves it on instead of sleeping. */
  private final AtomicLong now = new AtomicLong();

  private final List<Long> pauses = new CopyOnWriteArrayList<>();
  private final ExportRetry retry =
      new ExportRetry(
          5, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(5), 1.5, () -> 1.0, now::get);

  /** Signs by recording the body it was given; the signature header names its length. */
  private final List<byte[]> signed = new CopyOnWriteArrayList<>();

  private final AtomicBoolean credentialsMissing = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RequestSigner signer =
      new RequestSigner() {
        @Override
        public Map<String, String> sign(
            String method, URI uri, Map<String, String> sent, byte[] body) throws SigningException {
          if (credentialsMissing.get()) {
            throw new SigningException("no AWS credentials found: give the task a role");
          }
          signed.add(body.clone());
          return Collections.singletonMap("Authorization", "AWS4-HMAC-SHA256 test " + body.length);
        }

        @Override
        public void close() {
          closed.set(true);
        }
      };

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            bodies.add(readAll(in));
          }
          headers.add(exchange.getRequestHeaders());
          firstRequest.countDown();
          Integer first = firstStatuses.poll();
          int code = first != null ? first : status.get();
          byte[] bytes = (code == 200 ? "" : answer.get()).getBytes(StandardCharsets.UTF_8);
          if (code != 200 && retryAfter.get() != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter.get());
          }
          exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
          if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
          }
          exchange.close();
        });
    server.start();
    endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private SignedOtlpExporter exporter(boolean gzip) {
    return exporter(endpoint, gzip, 10_000, retry);
  }

  private SignedOtlpExporter exporter(URI target, boolean gzip, int timeoutMillis, ExportRetry r) {
    return new SignedOtlpExporter(
        target,
        Collections.singletonMap("x-aws-log-group", "spans"),
        gzip,
        timeoutMillis,
        signer,
        r,
        nanos -> {
          pauses.add(nanos);
          now.addAndGet(nanos);
          return true;
        },
        Logger.getLogger(SignedOtlpExporter.class.getName()));
  }

  @Test
  void sendsExactlyTheGzippedBytesItSigned() throws IOException {
    SignedOtlpExporter exporter = exporter(true);

    assertThat(exporter.export(spans()).isSuccess()).isTrue();

    assertThat(bodies).hasSize(1);
    assertThat(bodies.get(0)).isEqualTo(signed.get(0));
    assertThat(readAll(new GZIPInputStream(new ByteArrayInputStream(bodies.get(0)))))
        .isEqualTo(exporter(false).body(spans()));
    Map<String, List<String>> sent = headers.get(0);
    assertThat(sent.get("Content-encoding")).containsExactly("gzip");
    assertThat(sent.get("Content-type")).containsExactly("application/x-protobuf");
    assertThat(sent.get("X-aws-log-group")).containsExactly("spans");
    assertThat(sent.get("Authorization"))
        .containsExactly("AWS4-HMAC-SHA256 test " + bodies.get(0).length);
    assertThat(logs.records()).isEmpty();
  }

  @Test
  void sendsExactlyThePlainBytesItSigned() {
    SignedOtlpExporter exporter = exporter(false);

    assertThat(exporter.export(spans()).isSuccess()).isTrue();

    assertThat(bodies.get(0)).isEqualTo(signed.get(0));
    assertThat(headers.get(0)).doesNotContainKey("Content-encoding");
  }

  @Test
  void warnsOncePerCauseAndOnceOnRecovery() {
    SignedOtlpExporter exporter = exporter(false);
    status.set(403);
    answer.set(
        "{\"__type\":\"AccessDeniedException\",\"message\":\"is not authorized to perform\"}");

    for (int i = 0; i < 3; i++) {
      assertThat(exporter.export(spans()).isSuccess()).isFalse();
    }
    answer.set("{\"message\":\"Signature expired: 20260101T000000Z is now earlier than now\"}");
    exporter.export(spans());
    exporter.export(spans());
    status.set(200);
    answer.set("");
    exporter.export(spans());
    exporter.export(spans());

    List<String> warnings = logs.messages(Level.WARNING);
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0))
        .contains("refused with HTTP 403")
        .contains("Allow xray:PutSpans and xray:PutSpansForIndexing");
    assertThat(warnings.get(1)).contains("clock");
    assertThat(logs.messages(Level.INFO))
        .containsExactly("OTLP export to " + endpoint + " works again.");
  }

  @Test
  void dropsTheBatchWithOneWarningWhenThereAreNoCredentials() {
    SignedOtlpExporter exporter = exporter(false);
    credentialsMissing.set(true);

    assertThat(exporter.export(spans()).isSuccess()).isFalse();
    assertThat(exporter.export(spans()).isSuccess()).isFalse();

    assertThat(bodies).isEmpty();
    assertThat(logs.messages(Level.WARNING))
        .containsExactly(
            "OTLP export to X-Ray not signed, spans dropped: no AWS credentials found: give the task"
                + " a role");
  }

  @Test
  void leavesMissingCredentialsTheSharedChainHasReportedUnsaid() {
    RequestSigner reported =
        new RequestSigner() {
          @Override
          public Map<String, String> sign(
              String method, URI uri, Map<String, String> sent, byte[] body)
              throws SigningException {
            throw new SigningException("no AWS credentials found", true);
          }

          @Override
          public void close() {}
        };
    SignedOtlpExporter exporter =
        new SignedOtlpExporter(endpoint, Collections.emptyMap(), false, 5_000, reported, retry);

    assertThat(exporter.export(spans()).isSuccess()).isFalse();

    assertThat(bodies).isEmpty();
    assertThat(logs.messages(Level.WARNING)).isEmpty();
  }

  @Test
  void retriesARefusedConnectionAndWarnsOnceWhenTheEndpointStaysUnreachable() {
    server.stop(0);
    SignedOtlpExporter exporter = exporter(false);

    CompletableResultCode first = exporter.export(spans());
    exporter.export(spans());

    assertThat(first.isSuccess()).isFalse();
    assertThat(signed).hasSize(10); // five attempts an export, each signed
    assertThat(logs.messages(Level.WARNING))
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .startsWith("OTLP export to " + endpoint + " failed")
                    .contains("ConnectException")
                    .endsWith("; spans dropped after 5 attempts"));
  }

  @Test
  void givesUpOnAnEndpointThatNeverAnswersAtTheTimeout() throws IOException {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    HttpServer silent =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    silent.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    silent.createContext(
        "/v1/traces",
        exchange -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    silent.start();
    try {
      URI hanging = URI.create("http://127.0.0.1:" + silent.getAddress().getPort() + "/v1/traces");
      SignedOtlpExporter exporter = exporter(hanging, false, 300, retry);

      assertThat(exporter.export(spans()).isSuccess()).isFalse();

      assertThat(logs.messages(Level.WARNING))
          .singleElement()
          .satisfies(w -> assertThat(w).contains("got no answer within 300 ms; spans dropped"));
    } finally {
      release.countDown();
      silent.stop(0);
    }
  }

  @Test
  void retriesAThrottledExportWithTheSameBytesSignedAgain() {
    SignedOtlpExporter exporter = exporter(true);
    firstStatuses.addAll(Arrays.asList(429, 503));

    assertThat(exporter.export(spans()).isSuccess()).isTrue();

    assertThat(bodies).hasSize(3);
    assertThat(signed).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(bodies.get(i)).isEqualTo(bodies.get(0)).isEqualTo(signed.get(i));
    }
    assertThat(pauses).containsExactly(SECOND, SECOND * 3 / 2);
    // Retried with success: nothing was lost, nothing to say (but at FINE).
    assertThat(logs.messages(Level.WARNING)).isEmpty();
    assertThat(logs.messages(Level.INFO)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void retriesThrottlingAndAnUnavailableService(int refusal) {
    firstStatuses.add(refusal);

    assertThat(exporter(false).export(spans()).isSuccess()).isTrue();

    assertThat(bodies).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 403, 404, 413, 500})
  void dropsAtOnceWhatARetryWouldNotChange(int refusal) {
    status.set(refusal);

    assertThat(exporter(false).export(spans()).isSuccess()).isFalse();

    assertThat(bodies).hasSize(1);
    assertThat(pauses).isEmpty();
    assertThat(logs.messages(Level.WARNING))
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .startsWith(
                        "OTLP export to " + endpoint + " (spans dropped) refused with HTTP "));
  }

  @Test
  void dropsTheBatchAfterFiveAttemptsWithOneWarningAndSaysOnceWhenItWorksAgain() {
    SignedOtlpExporter exporter = exporter(false);
    status.set(503);
    answer.set("{\"message\":\"Service Unavailable\"}");

    assertThat(exporter.export(spans()).isSuccess()).isFalse();
    assertThat(exporter.export(spans()).isSuccess()).isFalse();
    status.set(200);
    assertThat(exporter.export(spans()).isSuccess()).isTrue();
    assertThat(exporter.export(spans()).isSuccess()).isTrue();

    assertThat(bodies).hasSize(12);
    assertThat(pauses)
        .containsExactly(
            SECOND,
            SECOND * 3 / 2,
            SECOND * 9 / 4,
            SECOND * 27 / 8,
            SECOND,
            SECOND * 3 / 2,
            SECOND * 9 / 4,
            SECOND * 27 / 8);
    assertThat(logs.messages(Level.WARNING))
        .containsExactly(
            "OTLP export to "
                + endpoint
                + " (spans dropped after 5 attempts) refused with HTTP 503 (X-Ray said:"
                + " {\"message\":\"Service Unavailable\"})");
    assertThat(logs.messages(Level.INFO))
        .containsExactly("OTLP export to " + endpoint + " works again.");
  }

  @Test
  void makesNoAttemptThatCouldNotStartWithinTheTimeout() {
    status.set(503);

    // 1 s and 1.5 s of back-off fit in 4 s; the 2.25 s after them would not.
    assertThat(exporter(endpoint, false, 4_000, retry).export(spans()).isSuccess()).isFalse();

    assertThat(bodies).hasSize(3);
    assertThat(logs.messages(Level.WARNING))
        .singleElement()
        .satisfies(w -> assertThat(w).contains("(spans dropped after 3 attempts)"));
  }

  @Test
  void waitsAsLongAsRetryAfterAsks() {
    firstStatuses.add(429);
    retryAfter.set("3");

    assertThat(exporter(false).export(spans()).isSuccess()).isTrue();

    assertThat(pauses).containsExactly(SECOND * 3);
  }

  @Test
  void dropsAtOnceWhenRetryAfterAsksForMoreThanTheTimeoutLeaves() {
    status.set(429);
    retryAfter.set("60");

    assertThat(exporter(false).export(spans()).isSuccess()).isFalse();

    assertThat(bodies).hasSize(1);
    assertThat(pauses).isEmpty();
    assertThat(logs.messages(Level.WARNING))
        .singleElement()
        .satisfies(w -> assertThat(w).contains("(spans dropped) refused with HTTP 429"));
  }

  @Test
  void backsOffAsUsualAndWarnsOnceWhenRetryAfterIsNotUnderstood() {
    SignedOtlpExporter exporter = exporter(false);
    retryAfter.set("in a moment");

    for (int i = 0; i < 2; i++) {
      firstStatuses.add(503);
      assertThat(exporter.export(spans()).isSuccess()).isTrue();
    }

    assertThat(pauses).containsExactly(SECOND, SECOND);
    assertThat(logs.messages(Level.WARNING))
        .containsExactly(
            "OTLP export to "
                + endpoint
                + ": Retry-After 'in a moment' is neither seconds nor an HTTP date;"
                + " retrying after the usual back-off.");
  }

  @Test
  void makesOneAttemptWhenRetriesAreDisabled() {
    status.set(503);

    assertThat(
            exporter(endpoint, false, 10_000, ExportRetry.disabled()).export(spans()).isSuccess())
        .isFalse();

    assertThat(bodies).hasSize(1);
    assertThat(logs.messages(Level.WARNING))
        .singleElement()
        .satisfies(w -> assertThat(w).contains("(spans dropped) refused with HTTP 503"));
  }

  /**
   * The wait between attempts is on the real clock here, an hour long: only the shutdown can end
   * it. The bound on {@code get} guards against a hang (the bug under test), it is not a duration
   * the test expects.
   */
  @Test
  void shutdownEndsTheWaitBetweenAttempts() throws Exception {
    status.set(503);
    long hour = TimeUnit.HOURS.toNanos(1);
    SignedOtlpExporter exporter =
        new SignedOtlpExporter(
            endpoint,
            Collections.emptyMap(),
            false,
            (int) TimeUnit.HOURS.toMillis(3),
            signer,
            new ExportRetry(5, hour, hour, 1.5, () -> 1.0, System::nanoTime));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<CompletableResultCode> export = thread.submit(() -> exporter.export(spans()));
      assertThat(firstRequest.await(1, TimeUnit.MINUTES)).isTrue();

      exporter.shutdown();

      assertThat(export.get(1, TimeUnit.MINUTES).isSuccess()).isFalse();
      assertThat(bodies).hasSize(1);
      assertThat(logs.messages(Level.WARNING))
          .singleElement()
          .satisfies(
              w ->
                  assertThat(w)
                      .contains(
                          "the exporter shut down while waiting to retry; spans dropped after 1"
                              + " attempt"));
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void stopsSigningAndSendingOnShutdown() {
    SignedOtlpExporter exporter = exporter(false);

    exporter.shutdown();

    assertThat(closed).isTrue();
    assertThat(exporter.export(spans()).isSuccess()).isFalse();
    assertThat(bodies).isEmpty();
  }

  private static List<SpanData> spans() {
    return Collections.singletonList(
        TestSpanData.builder()
            .setSpanContext(
                SpanContext.create(
                    "5759e988bd862e3fe1be46a994272793",
                    "53995c3f42cd8ad8",
                    TraceFlags.getSampled(),
                    TraceState.getDefault()))
            .setName("GET /orders/{id}")
            .setKind(SpanKind.SERVER)
            .setStartEpochNanos(1_000)
            .setEndEpochNanos(2_000)
            .setStatus(StatusData.unset())
            .setHasEnded(true)
            .setAttributes(Attributes.empty())
            .setTotalAttributeCount(0)
            .build());
  }

  private static byte[] readAll(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int read;
    while ((read = in.read(buffer)) != -1) {
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }
}
