/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeCollector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * What leaves the process: chosen attributes listed in {@code aws.xray.annotations} for the
 * collector's awsxray exporter to index, and no secret anywhere in the exported spans.
 *
 * <p>Fakes: the ADOT collector ({@link FakeCollector}, OTLP protobuf), which cannot run here; the
 * assertions are on the OTLP the real agent sent, which is exactly what the collector would turn
 * into X-Ray segments.
 */
class ExportSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A fresh collector for each test, closed after it. */
  @AutoClose private final FakeCollector collector = FakeCollector.start();

  @Test
  void listsChosenAndPrefixedAttributesAsAnnotations() {
    try (ServiceProcess service =
        ServiceProcess.builder("orders")
            .exportingTo(collector)
            .property("otel.aws.xray.annotations", "order_id,app.*")
            .start()) {
      assertThat(service.get("/order").statusCode()).isEqualTo(200);
      ExportedSpan span = collector.awaitServerSpan("/order", WAIT);

      @SuppressWarnings("unchecked")
      List<Object> annotations = (List<Object>) span.attribute("aws.xray.annotations");
      // app.tags is an array: X-Ray cannot index it, so it stays metadata.
      assertThat(annotations)
          .containsExactlyInAnyOrder("customer_tier", "order_id", "app.region", "app.retries");
      assertThat(span.attributes())
          .containsEntry("customer_tier", "gold")
          .containsEntry("order_id", "o-1001")
          .containsEntry("not_listed", "metadata only")
          .doesNotContainKey("aws.xray.annotation.customer_tier");
    }
  }

  @Test
  void exportsNoSecretFromHeadersOrQueryAndKeepsTheRest() {
    try (ServiceProcess service =
        ServiceProcess.builder("payments")
            .exportingTo(collector)
            .property(
                "otel.instrumentation.http.server.capture-request-headers",
                "Authorization,Cookie,X-Api-Key,X-Amz-Security-Token,X-Request-Id")
            .start()) {
      service.get(
          // A URL with credentials as a parameter value; a password holding an encoded '&'.
          "/hello/pay?page=2&next=http%3A%2F%2Fu%3Apw-88%40h%2F%3Fsecret%3Dsec-99"
              + "&password=hunter2%26tail-77&token=tk-55aa",
          Map.of(
              "Authorization", "Bearer s3cr3t-b34r3r",
              "Cookie", "session=c00k13-v4lu3",
              "X-Api-Key", "k3y-9876",
              "X-Amz-Security-Token", "sess-tok-66",
              "X-Request-Id", "req-42"));
      ExportedSpan span = collector.awaitServerSpan("/hello/pay", WAIT);

      String everything = collector.spans().toString();
      assertThat(everything)
          .doesNotContain(
              "hunter2",
              "tail-77",
              "tk-55aa",
              "pw-88",
              "sec-99",
              "s3cr3t-b34r3r",
              "c00k13-v4lu3",
              "k3y-9876",
              "sess-tok-66");
      // The JDK HttpServer instrumentation writes url.query decoded: from the first secret on,
      // all of it is redacted (ServerQueryRedactionSmokeTest: a servlet container keeps the rest).
      assertThat(span.attribute("url.query"))
          .isEqualTo("page=2&next=http://u:REDACTED@h/?secret=REDACTED");
      assertThat(span.attribute("http.request.header.authorization"))
          .isEqualTo(List.of("REDACTED"));
      assertThat(span.attribute("http.request.header.x-request-id")).isEqualTo(List.of("req-42"));
    }
  }
}
