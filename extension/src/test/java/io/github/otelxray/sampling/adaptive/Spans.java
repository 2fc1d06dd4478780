/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.TimeUnit;

/** Ended SDK spans with chosen attributes, status and duration, for condition tests. */
final class Spans {

  private static final SdkTracerProvider PROVIDER = SdkTracerProvider.builder().build();

  private Spans() {}

  static ReadableSpan ended(String name, Attributes attributes, long durationMillis) {
    return ended(name, attributes, durationMillis, StatusCode.UNSET);
  }

  static ReadableSpan ended(
      String name, Attributes attributes, long durationMillis, StatusCode status) {
    Span span =
        PROVIDER
            .get("test")
            .spanBuilder(name)
            .setAllAttributes(attributes)
            .setStartTimestamp(1_000, TimeUnit.MILLISECONDS)
            .startSpan();
    span.setStatus(status);
    span.end(1_000 + durationMillis, TimeUnit.MILLISECONDS);
    return (ReadableSpan) span;
  }
}
