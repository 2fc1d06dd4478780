/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import io.github.otelxray.logging.LogText;
import java.util.Collections;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of {@code anomalyConditions}: a span is anomalous when its HTTP status code fully
 * matches {@code errorCodeRegex} and it lasted at least {@code highLatencyMs}, whichever of the two
 * are set, and its operation is one of {@code operations} (all when absent). The default condition,
 * used when the configuration names none, is X-Ray's: a 5xx status code, or status ERROR on a span
 * without a status code.
 */
public final class AnomalyCondition {

  static final int MAX_OPERATIONS_TEXT = 300;

  static final AnomalyCondition DEFAULT = new AnomalyCondition(null, null, null, Usage.BOTH, true);

  private final Pattern errorCodeRegex;
  private final Set<String> operations; // null: every operation
  private final Long highLatencyMillis;
  private final Usage usage;
  private final boolean isDefault;

  private AnomalyCondition(
      Pattern errorCodeRegex,
      Set<String> operations,
      Long highLatencyMillis,
      Usage usage,
      boolean isDefault) {
    this.errorCodeRegex = errorCodeRegex;
    this.operations = operations == null ? null : Collections.unmodifiableSet(operations);
    this.highLatencyMillis = highLatencyMillis;
    this.usage = usage;
    this.isDefault = isDefault;
  }

  static AnomalyCondition of(
      Pattern errorCodeRegex, Set<String> operations, Long highLatencyMillis, Usage usage) {
    return new AnomalyCondition(errorCodeRegex, operations, highLatencyMillis, usage, false);
  }

  Usage usage() {
    return usage;
  }

  /** Whether {@code span} is anomalous by this condition. */
  boolean matches(SpanFacts span) {
    if (isDefault) {
      long code = span.statusCode();
      return code > 0 ? code >= 500 : span.isError();
    }
    if (operations != null && !operations.contains(span.operation())) {
      return false;
    }
    if (errorCodeRegex != null) {
      long code = span.statusCode();
      if (code <= 0 || !errorCodeRegex.matcher(Long.toString(code)).matches()) {
        return false;
      }
    }
    return highLatencyMillis == null || span.durationNanos() >= highLatencyMillis * 1_000_000L;
  }

  /**
   * For log lines: what the configuration said, escaped ({@link LogText}) and cut, so a condition
   * cannot forge a log line or fill one: the regex at {@link LogText}'s 200 characters, the
   * operations at {@link #MAX_OPERATIONS_TEXT}.
   */
  @Override
  public String toString() {
    if (isDefault) {
      return "{5xx or error, usage both}";
    }
    StringBuilder text = new StringBuilder("{");
    if (errorCodeRegex != null) {
      text.append("errorCodeRegex ").append(LogText.escape(errorCodeRegex.pattern())).append(", ");
    }
    if (highLatencyMillis != null) {
      text.append("highLatencyMs ").append(highLatencyMillis).append(", ");
    }
    if (operations != null) {
      text.append("operations ")
          .append(LogText.escape(operations.toString(), MAX_OPERATIONS_TEXT))
          .append(", ");
    }
    return text.append("usage ").append(usage).append('}').toString();
  }
}
