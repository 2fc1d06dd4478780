/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanSizeTest {

  private static final SpanContext CONTEXT =
      SpanContext.create(
          "5759e988bd862e3fe1be46a994272793",
          "53995c3f42cd8ad8",
          TraceFlags.getDefault(),
          TraceState.getDefault());

  private static SpanData span(
      Attributes attributes, List<EventData> events, List<LinkData> links) {
    return TestSpanData.builder()
        .setSpanContext(CONTEXT)
        .setName("GET /orders")
        .setKind(SpanKind.SERVER)
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attributes)
        .setTotalAttributeCount(attributes.size())
        .setEvents(events)
        .setTotalRecordedEvents(events.size())
        .setLinks(links)
        .setTotalRecordedLinks(links.size())
        .build();
  }

  private static SpanData withEvents(int count, int valueLength) {
    List<EventData> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(
          EventData.create(
              1,
              "event-" + i,
              Attributes.of(AttributeKey.stringKey("payload"), text(i, valueLength))));
    }
    return span(Attributes.empty(), events, Collections.emptyList());
  }

  /** Distinct strings, as the hostile load sends: no two share storage. */
  private static String text(int seed, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + (seed + i) % 26));
    }
    return text.toString();
  }

  @Test
  void countsTheAttributesOfEveryEvent() {
    long small = SpanSize.estimate(withEvents(128, 10));
    long large = SpanSize.estimate(withEvents(128, 40_000));

    // 128 events of 40,000 characters: at least the characters themselves, in bytes.
    assertThat(large).isGreaterThanOrEqualTo(128L * 40_000);
    assertThat(large - small).isGreaterThanOrEqualTo(128L * (40_000 - 10));
  }

  @Test
  void countsLinksAndTheirAttributes() {
    List<LinkData> links = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      links.add(
          LinkData.create(CONTEXT, Attributes.of(AttributeKey.stringKey("why"), text(i, 5_000))));
    }
    long bare = SpanSize.estimate(span(Attributes.empty(), List.of(), List.of()));
    long linked = SpanSize.estimate(span(Attributes.empty(), List.of(), links));

    assertThat(linked - bare).isGreaterThanOrEqualTo(10L * 5_000);
  }

  @Test
  void countsEveryElementOfAStringArray() {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      tags.add(text(i, 1_000));
    }
    long size =
        SpanSize.estimate(
            span(Attributes.of(AttributeKey.stringArrayKey("tags"), tags), List.of(), List.of()));

    assertThat(size).isGreaterThanOrEqualTo(100L * 1_000);
  }

  @Test
  void callsASpanTooBigToMeasureWithinItsBudgetLargerThanAnyBound() {
    List<String> many = Collections.nCopies(SpanSize.MAX_ITEMS + 1, "x");

    long size =
        SpanSize.estimate(
            span(Attributes.of(AttributeKey.stringArrayKey("many"), many), List.of(), List.of()));

    assertThat(size).isEqualTo(SpanSize.UNMEASURED);
    assertThat(size).isGreaterThan(AnomalyCapture.MAX_BUFFERED_BYTES);
  }

  @Test
  void measuresTheSdksDefaultMaximumSpanExactly() {
    // 128 attributes, 128 events of 128 attributes each, 128 links of 128: within the budget.
    AttributesBuilder full = Attributes.builder();
    for (int i = 0; i < 128; i++) {
      full.put("key-" + i, "v");
    }
    Attributes attributes = full.build();
    List<EventData> events = new ArrayList<>();
    List<LinkData> links = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      events.add(EventData.create(1, "e", attributes));
      links.add(LinkData.create(CONTEXT, attributes));
    }

    assertThat(SpanSize.estimate(span(attributes, events, links)))
        .isLessThan(SpanSize.UNMEASURED)
        .isGreaterThan(2L * 128 * 128 * SpanSize.ENTRY_OVERHEAD);
  }

  /**
   * Any span the input describes (attribute, event and link counts, string lengths, array sizes):
   * the estimate never throws and is never less than the characters the span holds, one byte each,
   * the least a JVM stores them in; or it says the span was too big to measure.
   */
  @FuzzTest
  void fuzzEstimateIsNeverBelowWhatTheSpanHolds(byte[] input) {
    ByteBuffer in = ByteBuffer.wrap(input);
    long[] chars = {"GET /orders".length()};
    Attributes attributes = attributes(in, chars);
    List<EventData> events = new ArrayList<>();
    for (int i = next(in) % 40; i > 0; i--) {
      String name = text(i, next(in) * 4);
      chars[0] += name.length();
      events.add(EventData.create(1, name, attributes(in, chars)));
    }
    List<LinkData> links = new ArrayList<>();
    for (int i = next(in) % 20; i > 0; i--) {
      links.add(LinkData.create(CONTEXT, attributes(in, chars)));
    }

    long estimate = SpanSize.estimate(span(attributes, events, links));

    assertThat(estimate).isGreaterThanOrEqualTo(chars[0]);
  }

  private static Attributes attributes(ByteBuffer in, long[] chars) {
    AttributesBuilder builder = Attributes.builder();
    for (int i = next(in) % 16; i > 0; i--) {
      String key = "k" + i;
      chars[0] += key.length();
      if (next(in) % 2 == 0) {
        String value = text(i, next(in) * 64);
        chars[0] += value.length();
        builder.put(key, value);
      } else {
        List<String> values = new ArrayList<>();
        for (int j = next(in) * 8; j > 0; j--) {
          String value = text(j, next(in) % 64);
          chars[0] += value.length();
          values.add(value);
        }
        builder.put(AttributeKey.stringArrayKey(key), values);
      }
    }
    return builder.build();
  }

  private static int next(ByteBuffer in) {
    return in.hasRemaining() ? in.get() & 0xff : 0;
  }
}
