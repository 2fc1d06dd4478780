package io.github.otelxray.instrumentation.logback;

import io.github.otelxray.instrumentation.XRayLogTraceId;
import java.util.HashMap;
import java.util.Map;

/**
 * What the Logback advice calls: {@link #capture} when {@code Logger.callAppenders} receives an
 * event (on the logging thread, inside whatever span the application is in), {@link #withTraceId}
 * whenever anything reads that event's MDC, on any thread, as late as an asynchronous appender
 * likes.
 *
 * <p>Nothing is written to the thread's MDC, so nothing can outlive the span on a pooled thread
 * (aws-otel-java-instrumentation#431): the id belongs to the event, is read from the span current
 * when the event was dispatched, and is missing when there was none. This is how the agent adds
 * {@code trace_id} and {@code span_id}, so ours appear and are absent together with them.
 *
 * <p>A helper class: injected into Logback's class loader. Events are plain {@code Object}s here,
 * so the class names no Logback type and cannot fail to link against any Logback version.
 */
public final class LogbackTraceIds {

  private static final WeakIdentityTable<String> CAPTURED = new WeakIdentityTable<>();

  private LogbackTraceIds() {}

  /**
   * Remembers the id of the current span for {@code event}, if there is a valid one. The first
   * capture wins: an event re-dispatched later (through another logger, on another thread) keeps
   * the id of the moment it was logged.
   */
  public static void capture(Object event) {
    if (event == null) {
      return;
    }
    String id = XRayLogTraceId.current();
    if (id != null) {
      CAPTURED.putIfAbsent(event, id);
    }
  }

  /**
   * {@code mdc} with {@code AWS-XRAY-TRACE-ID} added when an id was captured for {@code event};
   * {@code mdc} itself, unchanged and uncopied, otherwise. A key already there (put by the
   * application or by another instrumentation) is kept, as the agent keeps a {@code trace_id} it
   * finds. The result is a new map: the event's own map may be the MDC's shared snapshot.
   */
  public static Map<String, String> withTraceId(Object event, Map<String, String> mdc) {
    if (event == null || (mdc != null && mdc.containsKey(XRayLogTraceId.KEY))) {
      return mdc;
    }
    String id = CAPTURED.get(event);
    if (id == null) {
      return mdc;
    }
    Map<String, String> union = new HashMap<>(mdc == null ? 2 : mdc.size() * 2 + 2);
    if (mdc != null) {
      union.putAll(mdc);
    }
    union.put(XRayLogTraceId.KEY, id);
    return union;
  }
}
