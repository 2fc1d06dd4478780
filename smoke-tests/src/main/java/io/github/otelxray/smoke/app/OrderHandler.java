/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke.app;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.List;

/**
 * What an application does to make a request searchable: attributes on the current span, through
 * the OpenTelemetry API (which the agent bridges to its SDK). Kept apart from {@link SampleService}
 * so the API is loaded only when {@code /order} is called.
 */
final class OrderHandler {

  private OrderHandler() {}

  static void annotateCurrentSpan() {
    Span span = Span.current();
    span.setAttribute("order_id", "o-1001");
    span.setAttribute("app.region", "eu-west-1");
    span.setAttribute("app.retries", 2L);
    span.setAttribute(AttributeKey.stringArrayKey("app.tags"), List.of("a", "b"));
    span.setAttribute("aws.xray.annotation.customer_tier", "gold");
    span.setAttribute("not_listed", "metadata only");
  }
}
