/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.logback;

import io.github.otelxray.instrumentation.XRayLogTraceId;
import java.util.Map;

/**
 * What the Logback advice calls, on the events it sees:
 *
 * <ul>
 *   <li>{@link #dispatching} / {@link #dispatched} around {@code Logger.callAppenders}, on the
 *       thread that logged, inside whatever span the application is in: the id of that span belongs
 *       to the event for as long as its appenders run on this thread;
 *   <li>{@link #writingInPlace} / {@link #wroteInPlace} around {@code
 *       OutputStreamAppender.subAppend}, which calls {@code prepareForDeferredProcessing} on every
 *       event it writes although the event never leaves the thread;
 *   <li>{@link #deferring} when an appender hands the event to another thread ({@code
 *       prepareForDeferredProcessing} outside such a write, which Logback's {@code AsyncAppender}
 *       calls first): only then is the id stored with the event, in a weak table, for reads on that
 *       other thread;
 *   <li>{@link #withTraceId} whenever anything reads the event's MDC, on any thread.
 * </ul>
 *
 * <p>Synchronous logging, the common case, thus costs a thread-local per event and no table entry,
 * identity hash, lock or weak reference. Nothing is written to the thread's MDC, so nothing can
 * outlive the span on a pooled thread (aws-otel-java-instrumentation#431); the id is read from the
 * span current when the event was dispatched, and is missing when there was none, as the agent does
 * for {@code trace_id} and {@code span_id}.
 *
 * <p>A helper class: injected into Logback's class loader. Events are plain {@code Object}s here,
 * so the class names no Logback type and cannot fail to link against any Logback version.
 */
public final class LogbackTraceIds {

  /** The event being dispatched on this thread, with its id (null outside a span). */
  private static final ThreadLocal<Dispatch> DISPATCHING = new ThreadLocal<>();

  /** Ids of events handed to other threads, until the events are collected. */
  private static final WeakIdentityTable<String> DEFERRED = new WeakIdentityTable<>();

  // Set once anything was deferred: until then no read or dispatch looks into the table.
  private static volatile boolean anyDeferred;

  private LogbackTraceIds() {}

  /**
   * {@code event} is about to reach the appenders on this thread. Returns what was being dispatched
   * before (an appender logging through another logger nests), for {@link #dispatched} to restore.
   * The first capture of an event wins: re-dispatched later, it keeps the id of the moment it was
   * logged.
   */
  public static Object dispatching(Object event) {
    Dispatch previous = DISPATCHING.get();
    if (event == null || (previous != null && previous.event == event)) {
      return previous;
    }
    String id = anyDeferred ? DEFERRED.get(event) : null;
    if (id == null) {
      id = XRayLogTraceId.current();
    }
    DISPATCHING.set(new Dispatch(event, id, previous));
    return previous;
  }

  /** The appenders are done with the event on this thread. */
  public static void dispatched(Object previous) {
    DISPATCHING.set((Dispatch) previous);
  }

  /**
   * An {@code OutputStreamAppender} (console, file) starts writing {@code event} on this thread.
   * Its {@code prepareForDeferredProcessing} call then hands nothing to another thread. Returns
   * what {@link #wroteInPlace} needs, or null when the event is not being dispatched here.
   */
  public static Object writingInPlace(Object event) {
    Dispatch current = DISPATCHING.get();
    if (current == null || current.event != event) {
      return null;
    }
    current.inPlaceWrites++;
    return current;
  }

  /** The write {@link #writingInPlace} announced is over. */
  public static void wroteInPlace(Object dispatch) {
    if (dispatch != null) {
      ((Dispatch) dispatch).inPlaceWrites--;
    }
  }

  /**
   * An appender hands {@code event} to another thread, which may read its MDC later; ignored inside
   * a write in place (see {@link #writingInPlace}), where the event stays on this thread.
   */
  public static void deferring(Object event) {
    Dispatch current = DISPATCHING.get();
    if (current != null
        && current.event == event
        && current.id != null
        && current.inPlaceWrites == 0) {
      DEFERRED.putIfAbsent(event, current.id);
      anyDeferred = true;
    }
  }

  /**
   * {@code mdc} with {@code AWS-XRAY-TRACE-ID} added when {@code event} has an id; {@code mdc}
   * itself otherwise. A key already there (put by the application or by another instrumentation) is
   * kept, as the agent keeps a {@code trace_id} it finds.
   */
  public static Map<String, String> withTraceId(Object event, Map<String, String> mdc) {
    if (event == null || (mdc != null && mdc.containsKey(XRayLogTraceId.KEY))) {
      return mdc;
    }
    for (Dispatch d = DISPATCHING.get(); d != null; d = d.previous) {
      if (d.event == event) {
        // A new view per read, 24 bytes: the agent's MDC advice (inside ours) hands each read a
        // fresh copy of the event's map, so a view kept for the event would show a stale copy. Kept
        // in a field it would also no longer be scalar-replaced on reads that
        // drop it at once.
        return d.id == null ? mdc : new MdcWithTraceId(mdc, d.id);
      }
    }
    String id = anyDeferred ? DEFERRED.get(event) : null;
    return id == null ? mdc : new MdcWithTraceId(mdc, id);
  }

  /** Whether {@code event} has an id in the table for other threads: for tests. */
  static boolean isDeferred(Object event) {
    return DEFERRED.get(event) != null;
  }

  /**
   * One event being dispatched on a thread, and the dispatch it interrupted. Only its own thread
   * touches it.
   */
  static final class Dispatch {
    final Object event;
    final String id;
    final Dispatch previous;

    /** Nesting depth of {@code OutputStreamAppender.subAppend} calls for this event. */
    int inPlaceWrites;

    Dispatch(Object event, String id, Dispatch previous) {
      this.event = event;
      this.id = id;
      this.previous = previous;
    }
  }
}
