/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * What anomaly conditions ask of an ended span, each read at most once and only when asked: the
 * status code and the operation are attribute lookups, the error status needs a copy of the span,
 * which is made only for a span without a status code.
 */
public final class SpanFacts {

  private static final AttributeKey<Long> STATUS_CODE =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<Long> OLD_STATUS_CODE =
      AttributeKey.longKey("http.status_code");
  private static final AttributeKey<String> LOCAL_OPERATION =
      AttributeKey.stringKey("aws.local.operation");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> OLD_METHOD = AttributeKey.stringKey("http.method");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> TARGET = AttributeKey.stringKey("http.target");

  private final ReadableSpan span;
  private long statusCode = -1; // -1: not read yet; 0: none
  private String operation;

  public SpanFacts(ReadableSpan span) {
    this.span = span;
  }

  /** The HTTP status code, or 0 when the span has none. */
  long statusCode() {
    if (statusCode < 0) {
      Long code = span.getAttribute(STATUS_CODE);
      if (code == null) {
        code = span.getAttribute(OLD_STATUS_CODE);
      }
      statusCode = code == null || code < 0 ? 0 : code;
    }
    return statusCode;
  }

  boolean isError() {
    return span.toSpanData().getStatus().getStatusCode() == StatusCode.ERROR;
  }

  long durationNanos() {
    return span.getLatencyNanos();
  }

  /**
   * {@code aws.local.operation} when the span has it (ADOT sets it), else {@code "<METHOD> /<first
   * path segment>"} as ADOT derives it ({@code GET /api} for {@code GET /api/users/7}), else the
   * span name.
   */
  String operation() {
    if (operation == null) {
      operation = readOperation();
    }
    return operation;
  }

  private String readOperation() {
    String local = span.getAttribute(LOCAL_OPERATION);
    if (local != null) {
      return local;
    }
    String method = span.getAttribute(METHOD);
    if (method == null) {
      method = span.getAttribute(OLD_METHOD);
    }
    if (method == null) {
      return span.getName();
    }
    String path = span.getAttribute(PATH);
    if (path == null) {
      path = span.getAttribute(TARGET);
    }
    return method + " " + firstSegment(path);
  }

  static String firstSegment(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return "/";
    }
    int end = 1;
    while (end < path.length()) {
      char c = path.charAt(end);
      if (c == '/' || c == '?' || c == '#') {
        break;
      }
      end++;
    }
    return path.substring(0, end);
  }
}
