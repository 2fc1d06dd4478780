/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.fakes.FakeXRay;
import io.github.otelxray.fakes.FakeXRay.Refusal;
import io.github.otelxray.fakes.SigV4Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed export without a collector when X-Ray throttles or is unavailable (issue 20): the real
 * agent with the extension retries as the agent's own OTLP exporter would, and gives a batch up
 * with one warning when X-Ray refuses past the retry budget, while the application goes on
 * answering.
 *
 * <p>Fakes, on loopback: X-Ray ({@link FakeXRay}: HTTPS under its real host name through {@code
 * -Djdk.net.hosts.file}, every signature checked by {@link SigV4Verifier}), told to refuse the next
 * exports with 429 or 503 as X-Ray does when an account goes over its ingestion rate or has a bad
 * moment; real X-Ray cannot be made to do that on demand. What it takes goes on to {@link
 * FakeCollector}, which counts spans by id. Waits poll for the exact evidence; nothing asserts a
 * duration.
 */
class SignedExportRetrySmokeTest {

  private static final String ACCESS_KEY = "AKIDRETRYING00000001";
  private static final String SECRET_KEY = "retryingSecret/K7MDENG+bPxRfiCYEXAMPLEKEY";

  @TempDir Path dir;
  private FakeCollector collector;
  private FakeAwsProxy proxy;
  private FakeXRay xray;

  @BeforeEach
  void startFakes() {
    collector = FakeCollector.start();
    proxy = FakeAwsProxy.start();
    xray =
        FakeXRay.start(
            dir,
            new SigV4Verifier(Map.of(ACCESS_KEY, SECRET_KEY), "us-east-1", "xray"),
            collector,
            proxy);
  }

  @AfterEach
  void stopFakes() {
    xray.close();
    proxy.close();
    collector.close();
  }

  /**
   * X-Ray throttles the first export twice, once saying when to come back ({@code Retry-After: 1})
   * and once not. Before the fix both batches were dropped at the first 429: their spans never
   * arrived. Now every span arrives, exactly once, and nothing warns.
   */
  @Test
  void deliversEverySpanExactlyOnceThroughThrottling() throws IOException {
    xray.refuseNextExports(new Refusal(429, "1"), Refusal.of(429));
    try (ServiceProcess service = signingService("throttled").start()) {
      List<String> paths = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        paths.add("/hello/throttled-" + i);
        assertThat(service.get(paths.get(i)).statusCode()).isEqualTo(200);
      }
      // Sent after the others: once its span is in, any second copy of theirs would be too.
      paths.add("/hello/after-throttling");
      service.get("/hello/after-throttling");

      List<ExportedSpan> spans =
          collector.awaitServerSpans(Waits.PATIENCE, paths.toArray(new String[0]));

      assertThat(serverSpanCounts(spans))
          .containsOnlyKeys(paths)
          .allSatisfy(SignedExportRetrySmokeTest::once);
      assertThat(spans.stream().map(ExportedSpan::spanId)).doesNotHaveDuplicates();
      // Two refused attempts and at least one taken, each signed anew and signed well.
      assertThat(xray.requests("/v1/traces"))
          .hasSizeGreaterThanOrEqualTo(3)
          .allSatisfy(r -> assertThat(r.problem()).isNull());
      assertThat(service.output()).doesNotContain("spans dropped");
    }
  }

  /**
   * X-Ray answers 503 to the first batch's every attempt and to one more: the batch is given up
   * after its attempts (four or five, as the jitter lets them fit in the 10 s timeout) with one
   * warning, and the spans of the requests served meanwhile arrive with the next batch, once.
   * Before the fix the first 503 dropped the batch and nothing tried again, which this test sees as
   * a second attempt that never comes.
   *
   * <p>The requests "meanwhile" are sent after the second attempt and answered before the fourth:
   * the export's waits (at least 2.4 s between those two) are spent in the exporter's thread, never
   * in a request's. That ordering is the evidence; no duration is asserted.
   */
  @Test
  void dropsABatchRefusedPastTheRetryBudgetWithOneWarningWhileServing() throws IOException {
    xray.refuseNextExports(
        Refusal.of(503), Refusal.of(503), Refusal.of(503), Refusal.of(503), Refusal.of(503));
    try (ServiceProcess service = signingService("unavailable").start()) {
      assertThat(service.get("/hello/doomed").statusCode()).isEqualTo(200);
      Waits.until(service, () -> xray.requests("/v1/traces").size() >= 2);

      List<String> meanwhile = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        meanwhile.add("/hello/meanwhile-" + i);
        assertThat(service.get(meanwhile.get(i)).statusCode()).isEqualTo(200);
      }
      long answered = System.nanoTime();
      Waits.awaitOutput(service, "refused with HTTP 503");
      meanwhile.add("/hello/after-the-outage");
      service.get("/hello/after-the-outage");
      List<ExportedSpan> spans =
          collector.awaitServerSpans(Waits.PATIENCE, meanwhile.toArray(new String[0]));

      List<FakeXRay.Request> attempts = xray.requests("/v1/traces");
      assertThat(answered - attempts.get(3).receivedNanos())
          .as("the meanwhile requests were answered before the first batch's fourth attempt")
          .isNegative();
      assertThat(serverSpanCounts(spans))
          .containsOnlyKeys(meanwhile)
          .allSatisfy(SignedExportRetrySmokeTest::once);
      String output = service.output();
      assertThat(lines(output, "refused with HTTP 503"))
          .singleElement()
          .satisfies(w -> assertThat(w).containsPattern("spans dropped after [45] attempts"));
      assertThat(lines(output, "works again")).hasSize(1);
    }
  }

  private ServiceProcess.Builder signingService(String name) throws IOException {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 " + FakeXRay.HOST + "\n127.0.0.1 localhost\n");
    return ServiceProcess.builder(name)
        .property("otel.traces.exporter", "otlp")
        .property("otel.exporter.otlp.protocol", "http/protobuf")
        .property("otel.exporter.otlp.traces.endpoint", xray.endpoint() + "/v1/traces")
        .property("jdk.net.hosts.file", hosts.toString())
        .property("javax.net.ssl.trustStore", xray.trustStore().toString())
        .property("javax.net.ssl.trustStorePassword", FakeXRay.STORE_PASSWORD)
        .property("javax.net.ssl.trustStoreType", "PKCS12")
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_EC2_METADATA_DISABLED", "true");
  }

  /** How many server spans arrived for each {@code url.path}. */
  private static Map<Object, Long> serverSpanCounts(List<ExportedSpan> spans) {
    return spans.stream()
        .filter(ExportedSpan::isServer)
        .collect(Collectors.groupingBy(s -> s.attribute("url.path"), Collectors.counting()));
  }

  private static void once(Object path, Long count) {
    assertThat(count).as("server spans for %s", path).isOne();
  }

  private static List<String> lines(String output, String text) {
    return Arrays.stream(output.split("\n")).filter(line -> line.contains(text)).toList();
  }
}
