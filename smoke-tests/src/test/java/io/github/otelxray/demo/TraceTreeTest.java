/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceTreeTest {

  private static final String TRACE = "6b03edcd8c40ced8901250262c8a0f89";

  @Test
  void nestsChildrenUnderParentsAndPrintsTheXRayTraceId() {
    ExportedSpan server = span("aaaaaaaaaaaaaaaa", "", "SPAN_KIND_SERVER", "storefront", 1, 200);
    ExportedSpan client =
        span("bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa", "SPAN_KIND_CLIENT", "storefront", 2, 503);
    ExportedSpan downstream =
        span("cccccccccccccccc", "bbbbbbbbbbbbbbbb", "SPAN_KIND_SERVER", "inventory", 3, 503);

    // Given out of order, as spans arrive in the order they end.
    String rendered = TraceTree.render(List.of(downstream, client, server));

    assertThat(rendered.lines().toList())
        .containsExactly(
            "trace 1-6b03edcd-8c40ced8901250262c8a0f89",
            "  storefront  GET /x         server     5 ms  HTTP 200",
            "    storefront  GET /x         client     5 ms  HTTP 503  [fault]",
            "      inventory   GET /x         server     5 ms  HTTP 503  [fault]",
            "");
  }

  @Test
  void notesACallerParentThatIsNotInTheTrace() {
    ExportedSpan server =
        span("aaaaaaaaaaaaaaaa", "53995c3f42cd8ad8", "SPAN_KIND_SERVER", "storefront", 1, 200);

    assertThat(TraceTree.render(List.of(server)))
        .contains("(parent 53995c3f42cd8ad8 from the caller)");
  }

  @Test
  void namesTheSamplingRuleThatSampledTheTrace() {
    ExportedSpan root =
        new ExportedSpan(
            TRACE,
            "aaaaaaaaaaaaaaaa",
            "",
            "GET /x",
            "SPAN_KIND_SERVER",
            0,
            1,
            "STATUS_CODE_UNSET",
            Map.of("aws.xray.sampling_rule", "checkout"),
            Map.of("service.name", "storefront"));

    assertThat(TraceTree.render(List.of(root)).lines().findFirst().orElseThrow())
        .isEqualTo("trace 1-6b03edcd-8c40ced8901250262c8a0f89  (sampled by rule 'checkout')");
  }

  @ParameterizedTest
  @CsvSource({
    "200,''",
    "302,''",
    "400,error",
    "404,error",
    "429,throttle",
    "500,fault",
    "503,fault"
  })
  void marksStatusesAsTheAwsXrayExporterDoes(long status, String mark) {
    assertThat(TraceTree.mark(status)).isEqualTo(mark);
  }

  private static ExportedSpan span(
      String id, String parent, String kind, String service, long startMillis, long status) {
    long start = startMillis * 1_000_000L;
    return new ExportedSpan(
        TRACE,
        id,
        parent,
        "GET /x",
        kind,
        start,
        start + 5_000_000L,
        "STATUS_CODE_UNSET",
        Map.of("http.response.status_code", status),
        Map.of("service.name", service));
  }
}
