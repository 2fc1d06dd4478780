/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanFactsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/api/users/7, /api",
    "/api, /api",
    "/, /",
    "'', /",
    "/api?x=1, /api",
    "relative/path, /",
  })
  void keepsTheFirstPathSegment(String path, String expected) {
    assertThat(SpanFacts.firstSegment(path)).isEqualTo(expected);
  }

  @Test
  void operationIsMethodAndFirstSegmentAsAdotDerivesIt() {
    SpanFacts facts =
        new SpanFacts(
            Spans.ended(
                "GET /api/users/{id}",
                Attributes.of(
                    stringKey("http.request.method"), "GET", stringKey("url.path"), "/api/users/7"),
                1));

    assertThat(facts.operation()).isEqualTo("GET /api");
  }

  @Test
  void operationPrefersAwsLocalOperation() {
    SpanFacts facts =
        new SpanFacts(
            Spans.ended(
                "x",
                Attributes.of(
                    stringKey("aws.local.operation"), "GET /api/users/{id}",
                    stringKey("http.request.method"), "GET"),
                1));

    assertThat(facts.operation()).isEqualTo("GET /api/users/{id}");
  }

  @Test
  void operationOfOldSemconvAndNonHttpSpans() {
    assertThat(
            new SpanFacts(
                    Spans.ended(
                        "x",
                        Attributes.of(
                            stringKey("http.method"),
                            "POST",
                            stringKey("http.target"),
                            "/orders?a=1"),
                        1))
                .operation())
        .isEqualTo("POST /orders");
    assertThat(new SpanFacts(Spans.ended("process batch", Attributes.empty(), 1)).operation())
        .isEqualTo("process batch");
  }
}
