package io.github.otelxray.sampling.adaptive;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * A rough count of the bytes a span holds on the heap, for bounding buffers: fixed overhead plus
 * what its name, attributes, events and links carry. Exactness does not matter; growing with what
 * makes a span big does.
 */
final class SpanSize {

  private static final int SPAN_OVERHEAD = 400;
  private static final int ENTRY_OVERHEAD = 48;

  private SpanSize() {}

  static long estimate(SpanData span) {
    long size = SPAN_OVERHEAD + 2L * span.getName().length();
    size += attributes(span.getAttributes());
    size += (long) span.getEvents().size() * SPAN_OVERHEAD / 2;
    size += (long) span.getLinks().size() * SPAN_OVERHEAD / 2;
    return size;
  }

  private static long attributes(Attributes attributes) {
    long[] size = {0};
    attributes.forEach(
        (key, value) -> size[0] += ENTRY_OVERHEAD + 2L * key.getKey().length() + value(value));
    return size[0];
  }

  private static long value(Object value) {
    if (value instanceof String) {
      return 2L * ((String) value).length();
    }
    if (value instanceof List) {
      long size = 16;
      for (Object element : (List<?>) value) {
        size += 16 + value(element);
      }
      return size;
    }
    return 16;
  }
}
