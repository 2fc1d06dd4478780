/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnomalyConditionTest {

  private static SpanFacts server(long status, long durationMillis) {
    return new SpanFacts(
        Spans.ended(
            "GET /api/orders/{id}",
            Attributes.of(
                stringKey("http.request.method"), "GET",
                stringKey("url.path"), "/api/orders/7",
                longKey("http.response.status_code"), status),
            durationMillis));
  }

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
    "^5\\d\\d$, 503, true",
    "5\\d\\d, 503, true",
    "5, 503, false", // full match: a partial hit is no match
    "429|5\\d\\d, 429, true",
    "^429|5\\d\\d$, 503, true",
    "4\\d\\d, 200, false",
  })
  void matchesTheErrorCodeRegexAgainstTheWholeStatusCode(
      String regex, long status, boolean matches) {
    AnomalyCondition condition =
        AnomalyCondition.of(Pattern.compile(regex), null, null, Usage.BOTH);

    assertThat(condition.matches(server(status, 1))).isEqualTo(matches);
  }

  @Test
  void neverMatchesARegexOnASpanWithoutStatusCode() {
    AnomalyCondition condition = AnomalyCondition.of(Pattern.compile(".*"), null, null, Usage.BOTH);

    assertThat(condition.matches(new SpanFacts(Spans.ended("work", Attributes.empty(), 1))))
        .isFalse();
  }

  @Test
  void matchesHighLatencyAtOrAboveTheThreshold() {
    AnomalyCondition condition = AnomalyCondition.of(null, null, 2_000L, Usage.BOTH);

    assertThat(condition.matches(server(200, 1_999))).isFalse();
    assertThat(condition.matches(server(200, 2_000))).isTrue();
  }

  @Test
  void requiresBothRegexAndLatencyWhenBothAreSet() {
    AnomalyCondition condition =
        AnomalyCondition.of(Pattern.compile("5\\d\\d"), null, 1_000L, Usage.BOTH);

    assertThat(condition.matches(server(500, 10))).isFalse();
    assertThat(condition.matches(server(200, 5_000))).isFalse();
    assertThat(condition.matches(server(500, 5_000))).isTrue();
  }

  @Test
  void matchesOnlyTheNamedOperations() {
    AnomalyCondition condition =
        AnomalyCondition.of(
            Pattern.compile("5\\d\\d"),
            new HashSet<>(Arrays.asList("GET /api", "POST /orders")),
            null,
            Usage.BOTH);
    AnomalyCondition other =
        AnomalyCondition.of(
            Pattern.compile("5\\d\\d"),
            new HashSet<>(Arrays.asList("GET /health")),
            null,
            Usage.BOTH);

    assertThat(condition.matches(server(500, 1))).isTrue();
    assertThat(other.matches(server(500, 1))).isFalse();
  }

  @ParameterizedTest(name = "status {0}, span status {1}: {2}")
  @CsvSource({
    "500, UNSET, true",
    "599, OK, true",
    "499, ERROR, false", // a status code decides; the span status only counts without one
    "200, UNSET, false",
    "0, ERROR, true",
    "0, UNSET, false",
  })
  void defaultConditionIs5xxOrAnErrorWithoutStatusCode(
      long status, StatusCode spanStatus, boolean matches) {
    Attributes attributes =
        status == 0 ? Attributes.empty() : Attributes.of(longKey("http.status_code"), status);

    assertThat(
            AnomalyCondition.DEFAULT.matches(
                new SpanFacts(Spans.ended("call", attributes, 1, spanStatus))))
        .isEqualTo(matches);
  }

  @Test
  void quotesItsRegexAndOperationsEscapedAndCut() {
    java.util.Set<String> operations = new java.util.LinkedHashSet<>();
    operations.add("GET /\n[otel.javaagent] INFO FORGED \u001b[31m");
    for (int i = 0; i < 1_000; i++) {
      operations.add("GET /orders/" + i);
    }
    AnomalyCondition condition =
        AnomalyCondition.of(Pattern.compile("5\\d\\d|\n"), operations, null, Usage.BOTH);

    String text = condition.toString();

    assertThat(text)
        .doesNotContain("\n")
        .doesNotContain("\u001b")
        .contains("errorCodeRegex 5\\d\\d|\\n")
        .contains("GET /\\n[otel.javaagent] INFO FORGED \\u001b[31m")
        .contains("chars)");
    assertThat(text.length()).isLessThan(AnomalyCondition.MAX_OPERATIONS_TEXT + 300);
  }
}
