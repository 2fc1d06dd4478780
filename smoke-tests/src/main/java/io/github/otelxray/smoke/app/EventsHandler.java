/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke.app;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;

/**
 * What an application that records much per request does: span events on the current span, each
 * with a large string attribute of its own (no two share storage), as exception stack traces or
 * logged payloads would be. Kept apart from {@link SampleService} so the API is loaded only when
 * {@code /events} is called.
 */
final class EventsHandler {

  private static final AttributeKey<String> PAYLOAD = AttributeKey.stringKey("payload");

  private EventsHandler() {}

  static void addEvents(int count, int length) {
    Span span = Span.current();
    long nanos = System.nanoTime();
    for (int i = 0; i < count; i++) {
      span.addEvent("event-" + i, Attributes.of(PAYLOAD, distinctText(nanos + i, length)));
    }
  }

  private static String distinctText(long seed, int length) {
    char[] text = new char[length];
    String prefix = Long.toString(seed);
    for (int i = 0; i < length; i++) {
      text[i] = i < prefix.length() ? prefix.charAt(i) : (char) ('a' + (seed + i) % 26);
    }
    return new String(text);
  }
}
