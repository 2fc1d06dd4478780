/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

import java.util.Map;

/**
 * One span as the fake collector received it over OTLP, flattened for assertions: ids in lower-case
 * hex, attribute values as String, Long, Double, Boolean or List.
 */
public record ExportedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    long startEpochNanos,
    long endEpochNanos,
    String statusCode,
    Map<String, Object> attributes,
    Map<String, Object> resource) {

  public String serviceName() {
    Object name = resource.get("service.name");
    return name == null ? "" : name.toString();
  }

  public Object attribute(String key) {
    return attributes.get(key);
  }

  public boolean isServer() {
    return "SPAN_KIND_SERVER".equals(kind);
  }

  public boolean isClient() {
    return "SPAN_KIND_CLIENT".equals(kind);
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  /** The trace id as X-Ray prints it: {@code 1-<8 hex epoch>-<24 hex>}. */
  public String xrayTraceId() {
    return "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
  }

  public long durationMillis() {
    return (endEpochNanos - startEpochNanos) / 1_000_000L;
  }
}
