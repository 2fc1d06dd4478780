/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.logback;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The Logback helper without Logback: events are opaque objects to it, so a plain {@code Object}
 * stands in for an {@code ILoggingEvent}, the maps are what {@code getMDCPropertyMap} returns, and
 * the calls come in the order Logback makes them ({@code callAppenders} around the appenders,
 * {@code prepareForDeferredProcessing} in an asynchronous appender).
 */
class LogbackTraceIdsTest {

  private static final String KEY = "AWS-XRAY-TRACE-ID";
  private static final String ID = "1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8";
  private static final Map<String, String> USER = Collections.singletonMap("user", "alice");

  private static Scope spanInScope(String spanId) {
    return Span.wrap(
            SpanContext.create(
                "5759e988bd862e3fe1be46a994272793",
                spanId,
                TraceFlags.getSampled(),
                TraceState.getDefault()))
        .makeCurrent();
  }

  @Test
  void addsTheIdToReadsWhileTheAppendersRunOnTheLoggingThread() {
    Object event = new Object();
    Map<String, String> read;
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      Object previous = LogbackTraceIds.dispatching(event);
      read = LogbackTraceIds.withTraceId(event, USER);
      LogbackTraceIds.dispatched(previous);
    }

    assertThat(read).containsOnly(Map.entry("user", "alice"), Map.entry(KEY, ID));
    assertThat(USER).as("the event's own map is not written").doesNotContainKey(KEY);
  }

  @Test
  void keepsTheIdOfAnEventHandedToAnotherThread() throws Exception {
    Object event = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      Object previous = LogbackTraceIds.dispatching(event);
      LogbackTraceIds.deferring(event);
      LogbackTraceIds.dispatched(previous);
    }

    // Read later, on another thread with no span: an asynchronous appender's worker.
    Map<String, String> read =
        CompletableFuture.supplyAsync(() -> LogbackTraceIds.withTraceId(event, USER)).get();

    assertThat(read).containsEntry(KEY, ID);
  }

  @Test
  void storesNothingForAnEventAConsoleOrFileAppenderWritesOnTheLoggingThread() {
    Object event = new Object();
    Map<String, String> read;
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      Object previous = LogbackTraceIds.dispatching(event);
      // OutputStreamAppender.subAppend: prepareForDeferredProcessing, then the encoder reads.
      Object write = LogbackTraceIds.writingInPlace(event);
      LogbackTraceIds.deferring(event);
      read = LogbackTraceIds.withTraceId(event, USER);
      LogbackTraceIds.wroteInPlace(write);
      LogbackTraceIds.dispatched(previous);
    }

    assertThat(read).containsEntry(KEY, ID);
    assertThat(LogbackTraceIds.isDeferred(event)).as("kept for other threads").isFalse();
  }

  @Test
  void storesAnEventHandedToAnotherThreadAfterAnInPlaceWriteOfIt() {
    Object event = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      Object previous = LogbackTraceIds.dispatching(event);
      LogbackTraceIds.wroteInPlace(LogbackTraceIds.writingInPlace(event)); // console first
      LogbackTraceIds.deferring(event); // then an AsyncAppender
      LogbackTraceIds.dispatched(previous);
    }

    assertThat(LogbackTraceIds.isDeferred(event)).isTrue();
  }

  @Test
  void readsOnAnotherThreadGetTheIdOfTheSpanTheEventWasLoggedIn() throws Exception {
    Object event = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      Object previous = LogbackTraceIds.dispatching(event);
      LogbackTraceIds.deferring(event);
      LogbackTraceIds.dispatched(previous);
    }

    // The asynchronous appender's worker formats the event while in a span of its own.
    Map<String, String> read =
        CompletableFuture.supplyAsync(
                () -> {
                  try (Scope ignored = spanInScope("0123456789abcdef")) {
                    return LogbackTraceIds.withTraceId(event, USER);
                  }
                })
            .get();

    assertThat(read).containsEntry(KEY, ID);
  }

  @Test
  void forgetsTheDispatchOnceTheAppendersAreDone() {
    Object event = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      LogbackTraceIds.dispatched(LogbackTraceIds.dispatching(event));
    }

    // Nothing lingers on a pooled thread; an event not handed on is not remembered.
    assertThat(LogbackTraceIds.withTraceId(event, USER)).isSameAs(USER);
  }

  @Test
  void leavesEventsDispatchedOutsideASpanUntouched() {
    Object event = new Object();
    Object previous = LogbackTraceIds.dispatching(event);

    assertThat(LogbackTraceIds.withTraceId(event, USER)).isSameAs(USER);
    LogbackTraceIds.deferring(event);
    LogbackTraceIds.dispatched(previous);
    assertThat(LogbackTraceIds.withTraceId(event, USER)).isSameAs(USER);
  }

  @Test
  void neverAddsAnIdToAnEventThatWasNotDispatched() {
    Object dispatched = new Object();
    Object other = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      Object previous = LogbackTraceIds.dispatching(dispatched);
      // Current when read, but this event was never dispatched in it.
      assertThat(LogbackTraceIds.withTraceId(other, USER)).isSameAs(USER);
      LogbackTraceIds.dispatched(previous);
    }
  }

  @Test
  void keepsTheIdOfTheFirstDispatch() {
    Object event = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      Object previous = LogbackTraceIds.dispatching(event);
      LogbackTraceIds.deferring(event);
      LogbackTraceIds.dispatched(previous);
    }
    Map<String, String> read;
    try (Scope ignored = spanInScope("1111111111111111")) {
      Object previous = LogbackTraceIds.dispatching(event);
      read = LogbackTraceIds.withTraceId(event, USER);
      LogbackTraceIds.dispatched(previous);
    }

    assertThat(read).containsEntry(KEY, ID);
  }

  @Test
  void keepsEachEventsIdWhenAnAppenderLogsWhileDispatching() {
    Object outer = new Object();
    Object inner = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      Object beforeOuter = LogbackTraceIds.dispatching(outer);
      try (Scope nested = spanInScope("1111111111111111")) {
        Object beforeInner = LogbackTraceIds.dispatching(inner);
        assertThat(LogbackTraceIds.withTraceId(inner, USER))
            .containsEntry(KEY, "1-5759e988-bd862e3fe1be46a994272793@1111111111111111");
        assertThat(LogbackTraceIds.withTraceId(outer, USER)).containsEntry(KEY, ID);
        LogbackTraceIds.dispatched(beforeInner);
      }
      assertThat(LogbackTraceIds.withTraceId(outer, USER)).containsEntry(KEY, ID);
      LogbackTraceIds.dispatched(beforeOuter);
    }
    assertThat(LogbackTraceIds.withTraceId(outer, USER)).isSameAs(USER);
  }

  @Test
  void keepsAKeyThatIsAlreadyThere() {
    Object event = new Object();
    Map<String, String> mdc = Collections.singletonMap(KEY, "set by the application");
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      Object previous = LogbackTraceIds.dispatching(event);
      assertThat(LogbackTraceIds.withTraceId(event, mdc)).isSameAs(mdc);
      LogbackTraceIds.dispatched(previous);
    }
  }

  @Test
  void copesWithAMissingMapAndEvent() {
    Object event = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      Object previous = LogbackTraceIds.dispatching(event);
      assertThat(LogbackTraceIds.withTraceId(event, null)).containsOnly(Map.entry(KEY, ID));
      LogbackTraceIds.dispatched(previous);
    }
    assertThat(LogbackTraceIds.withTraceId(null, null)).isNull();
    LogbackTraceIds.dispatched(LogbackTraceIds.dispatching(null));
  }

  @Test
  void composesWithTheAgentsAdviceInEitherOrder() {
    Object event = new Object();
    Map<String, String> agentKeys = new HashMap<>();
    agentKeys.put("trace_id", "5759e988bd862e3fe1be46a994272793");
    agentKeys.put("span_id", "53995c3f42cd8ad8");
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      Object previous = LogbackTraceIds.dispatching(event);
      // Ours after the agent's: the agent's keys are kept.
      assertThat(LogbackTraceIds.withTraceId(event, agentKeys))
          .containsEntry("trace_id", "5759e988bd862e3fe1be46a994272793")
          .containsEntry(KEY, ID);
      // Ours first, then the agent's copy (a HashMap of ours): our key survives the copy.
      assertThat(new HashMap<>(LogbackTraceIds.withTraceId(event, USER))).containsEntry(KEY, ID);
      // Ours twice (getMdc() -> getMDCPropertyMap()): added once.
      Map<String, String> once = LogbackTraceIds.withTraceId(event, USER);
      assertThat(LogbackTraceIds.withTraceId(event, once)).isSameAs(once);
      LogbackTraceIds.dispatched(previous);
    }
  }
}
