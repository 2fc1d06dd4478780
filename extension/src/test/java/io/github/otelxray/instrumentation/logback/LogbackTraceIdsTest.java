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
 * stands in for an {@code ILoggingEvent}, and the maps are what {@code getMDCPropertyMap} returns.
 */
class LogbackTraceIdsTest {

  private static final String KEY = "AWS-XRAY-TRACE-ID";
  private static final String ID = "1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8";

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
  void addsTheIdOfTheSpanCurrentWhenTheEventWasDispatched() throws Exception {
    Object event = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      LogbackTraceIds.capture(event);
    }
    Map<String, String> mdc = Collections.singletonMap("user", "alice");

    // Read later, on another thread with no span: an asynchronous appender.
    Map<String, String> read =
        CompletableFuture.supplyAsync(() -> LogbackTraceIds.withTraceId(event, mdc)).get();

    assertThat(read).containsOnly(Map.entry("user", "alice"), Map.entry(KEY, ID));
    assertThat(mdc).as("the event's own map is not written").doesNotContainKey(KEY);
  }

  @Test
  void leavesEventsDispatchedOutsideASpanUntouched() {
    Object event = new Object();
    LogbackTraceIds.capture(event);
    Map<String, String> mdc = Collections.singletonMap("user", "alice");

    assertThat(LogbackTraceIds.withTraceId(event, mdc)).isSameAs(mdc);
  }

  @Test
  void neverAddsAnIdToAnEventThatWasNotCaptured() {
    Object event = new Object();
    Map<String, String> mdc = new HashMap<>();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      // Current when read, but the event was never dispatched in it.
      assertThat(LogbackTraceIds.withTraceId(event, mdc)).isSameAs(mdc);
    }
  }

  @Test
  void keepsTheIdOfTheFirstDispatch() {
    Object event = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      LogbackTraceIds.capture(event);
    }
    try (Scope ignored = spanInScope("1111111111111111")) {
      LogbackTraceIds.capture(event);
    }

    assertThat(LogbackTraceIds.withTraceId(event, Collections.emptyMap())).containsEntry(KEY, ID);
  }

  @Test
  void keepsAKeyThatIsAlreadyThere() {
    Object event = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      LogbackTraceIds.capture(event);
    }
    Map<String, String> mdc = Collections.singletonMap(KEY, "set by the application");

    assertThat(LogbackTraceIds.withTraceId(event, mdc)).isSameAs(mdc);
  }

  @Test
  void copesWithAMissingMap() {
    Object event = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      LogbackTraceIds.capture(event);
    }

    assertThat(LogbackTraceIds.withTraceId(event, null)).containsOnly(Map.entry(KEY, ID));
    assertThat(LogbackTraceIds.withTraceId(null, null)).isNull();
  }

  @Test
  void composesWithTheAgentsAdviceInEitherOrder() {
    Object event = new Object();
    try (Scope ignored = spanInScope("53995c3f42cd8ad8")) {
      LogbackTraceIds.capture(event);
    }
    Map<String, String> agentKeys = new HashMap<>();
    agentKeys.put("trace_id", "5759e988bd862e3fe1be46a994272793");
    agentKeys.put("span_id", "53995c3f42cd8ad8");

    // Ours after the agent's: the agent's keys are kept.
    assertThat(LogbackTraceIds.withTraceId(event, agentKeys))
        .containsEntry("trace_id", "5759e988bd862e3fe1be46a994272793")
        .containsEntry(KEY, ID);
    // Ours first, then ours again through getMdc() -> getMDCPropertyMap(): added once.
    Map<String, String> once = LogbackTraceIds.withTraceId(event, Collections.emptyMap());
    assertThat(LogbackTraceIds.withTraceId(event, once)).isSameAs(once);
  }
}
