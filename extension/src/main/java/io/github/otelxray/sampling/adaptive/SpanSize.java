/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * An upper bound of the bytes a span holds on the heap, for bounding buffers: fixed overhead plus
 * its name, attributes, events (with their attributes) and links (with theirs). A string counts two
 * bytes a character (what it takes at most, stored as UTF-16), each entry an object's overhead.
 *
 * <p>It runs for every buffered span, so it is bounded in work: it looks at no more than {@link
 * #MAX_ITEMS} attributes, events, links and array elements in all: enough for the largest span the
 * SDK's default limits allow (128 attributes, 128 events and 128 links of 128 attributes each,
 * about 33,000 items). A span with more (an application may raise the limits, and array values have
 * none) is reported as {@link #UNMEASURED}, larger than any buffer, so it is refused rather than
 * guessed.
 */
final class SpanSize {

  /** How many attributes, events, links and array elements one estimate looks at, at most. */
  static final int MAX_ITEMS = 40_000;

  /** The estimate of a span too big to measure within {@link #MAX_ITEMS}: more than any bound. */
  static final long UNMEASURED = Long.MAX_VALUE / 4;

  static final int SPAN_OVERHEAD = 400;
  static final int EVENT_OVERHEAD = 120;
  static final int LINK_OVERHEAD = 160;
  static final int ENTRY_OVERHEAD = 48;
  static final int STRING_OVERHEAD = 40;
  static final int ELEMENT_OVERHEAD = 16;

  private SpanSize() {}

  static long estimate(SpanData span) {
    Budget budget = new Budget();
    long size = SPAN_OVERHEAD + text(span.getName());
    size += attributes(span.getAttributes(), budget);
    for (EventData event : span.getEvents()) {
      if (!budget.take(1)) {
        return UNMEASURED;
      }
      size += EVENT_OVERHEAD + text(event.getName()) + attributes(event.getAttributes(), budget);
    }
    for (LinkData link : span.getLinks()) {
      if (!budget.take(1)) {
        return UNMEASURED;
      }
      size += LINK_OVERHEAD + attributes(link.getAttributes(), budget);
    }
    return budget.exhausted ? UNMEASURED : size;
  }

  private static long attributes(Attributes attributes, Budget budget) {
    if (!budget.take(attributes.size())) {
      return 0;
    }
    long[] size = {0};
    attributes.forEach(
        (key, value) -> size[0] += ENTRY_OVERHEAD + text(key.getKey()) + value(value, budget));
    return size[0];
  }

  private static long value(Object value, Budget budget) {
    if (value instanceof String) {
      return text((String) value);
    }
    if (value instanceof List) {
      List<?> elements = (List<?>) value;
      if (!budget.take(elements.size())) {
        return 0;
      }
      long size = ELEMENT_OVERHEAD;
      for (Object element : elements) {
        size += ELEMENT_OVERHEAD + value(element, budget);
      }
      return size;
    }
    return ELEMENT_OVERHEAD;
  }

  private static long text(String text) {
    return STRING_OVERHEAD + 2L * text.length();
  }

  /** What is left of {@link #MAX_ITEMS}; once exhausted the estimate is {@link #UNMEASURED}. */
  private static final class Budget {
    private int left = MAX_ITEMS;
    private boolean exhausted;

    boolean take(int items) {
      if (exhausted || items > left) {
        exhausted = true;
        return false;
      }
      left -= items;
      return true;
    }
  }
}
