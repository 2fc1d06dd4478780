/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.log4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Log4j helper without Log4j: it binds to Log4j's map types by name, so here it binds to
 * look-alikes with the same members ({@link ReadOnlyMap}, {@link WritableMap}, {@link SortedMap}),
 * which stand in for {@code ReadOnlyStringMap}, {@code StringMap} and {@code SortedArrayStringMap}.
 * The smoke tests run it against the real Log4j.
 */
class Log4jContextDataTest {

  private static final String KEY = "AWS-XRAY-TRACE-ID";
  private static final String ID = "1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8";

  /** Log4j's {@code ReadOnlyStringMap}, the part the helper uses. */
  public interface ReadOnlyMap {
    boolean containsKey(String key);
  }

  /** Log4j's {@code StringMap}, the part the helper uses. */
  public interface WritableMap extends ReadOnlyMap {
    boolean isFrozen();

    void putValue(String key, Object value);
  }

  /** Log4j's {@code SortedArrayStringMap}: a copy constructor from any read-only map. */
  public static class SortedMap implements WritableMap {
    final Map<String, Object> values = new TreeMap<>();
    boolean frozen;

    public SortedMap() {}

    public SortedMap(ReadOnlyMap other) {
      values.putAll(((SortedMap) other).values);
    }

    @Override
    public boolean containsKey(String key) {
      return values.containsKey(key);
    }

    @Override
    public boolean isFrozen() {
      return frozen;
    }

    @Override
    public void putValue(String key, Object value) {
      if (frozen) {
        throw new UnsupportedOperationException("frozen");
      }
      values.put(key, value);
    }
  }

  private Log4jContextData helper;

  @BeforeEach
  void bind() {
    helper =
        Log4jContextData.bind(
            getClass().getClassLoader(),
            ReadOnlyMap.class.getName(),
            WritableMap.class.getName(),
            SortedMap.class.getName());
    assertThat(helper).isNotNull();
  }

  private static Scope spanInScope() {
    return Span.wrap(
            SpanContext.create(
                "5759e988bd862e3fe1be46a994272793",
                "53995c3f42cd8ad8",
                TraceFlags.getSampled(),
                TraceState.getDefault()))
        .makeCurrent();
  }

  private static SortedMap map(String... keysAndValues) {
    SortedMap map = new SortedMap();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.putValue(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void writesTheReusableMapLog4jHandedTheInjector() {
    SortedMap reusable = map("user", "alice");
    try (Scope ignored = spanInScope()) {
      Object result = helper.decorate(reusable, reusable);

      assertThat(result).isSameAs(reusable);
      assertThat(reusable.values).containsEntry(KEY, ID).containsEntry("user", "alice");
    }
  }

  @Test
  void copiesAnyOtherMapInsteadOfWritingIt() {
    // The thread's copy-on-write map, returned as is by Log4j when there are no properties.
    SortedMap threadContext = map("user", "alice");
    threadContext.frozen = true;
    SortedMap reusable = new SortedMap();
    try (Scope ignored = spanInScope()) {
      Object result = helper.decorate(threadContext, reusable);

      assertThat(result).isNotSameAs(threadContext).isNotSameAs(reusable);
      assertThat(((SortedMap) result).values).containsEntry(KEY, ID).containsEntry("user", "alice");
    }
    assertThat(threadContext.values).doesNotContainKey(KEY);
    assertThat(reusable.values).isEmpty();
  }

  @Test
  void copiesTheReusableMapWhenItIsFrozen() {
    SortedMap reusable = map("user", "alice");
    reusable.frozen = true;
    try (Scope ignored = spanInScope()) {
      Object result = helper.decorate(reusable, reusable);

      assertThat(result).isNotSameAs(reusable);
      assertThat(((SortedMap) result).values).containsEntry(KEY, ID);
    }
  }

  @Test
  void copiesWhenLog4jPassedNoReusableMap() {
    // An async logger's translator passes null when the ring buffer event has no StringMap.
    SortedMap contextData = map("user", "alice");
    try (Scope ignored = spanInScope()) {
      Object result = helper.decorate(contextData, null);

      assertThat(result).isNotSameAs(contextData);
      assertThat(((SortedMap) result).values).containsEntry(KEY, ID);
    }
  }

  @Test
  void leavesEventsOutsideASpanUntouched() {
    SortedMap reusable = map("user", "alice");

    assertThat(helper.decorate(reusable, reusable)).isSameAs(reusable);
    assertThat(reusable.values).doesNotContainKey(KEY);
  }

  @Test
  void keepsAKeyThatIsAlreadyThere() {
    SortedMap reusable = map(KEY, "from the ThreadContext");
    try (Scope ignored = spanInScope()) {
      assertThat(helper.decorate(reusable, reusable)).isSameAs(reusable);
    }
    assertThat(reusable.values).containsEntry(KEY, "from the ThreadContext");
  }

  @Test
  void handsBackWhatLog4jGaveWhenTheMapRefuses() {
    SortedMap reusable =
        new SortedMap() {
          @Override
          public void putValue(String key, Object value) {
            throw new IllegalStateException("no");
          }
        };
    try (Scope ignored = spanInScope()) {
      assertThat(helper.decorate(reusable, reusable)).isSameAs(reusable);
      assertThat(helper.decorate(null, reusable)).isNull();
    }
  }

  @Test
  void bindsToNothingWhereLog4jIsMissingOrDifferent() {
    ClassLoader loader = getClass().getClassLoader();
    // This class loader has no Log4j: the real helper passes events through.
    assertThat(
            Log4jContextData.bind(
                loader,
                Log4jContextData.READ_ONLY_STRING_MAP,
                Log4jContextData.STRING_MAP,
                Log4jContextData.SORTED_ARRAY_STRING_MAP))
        .isNull();
    Object untouched = new Object();
    try (Scope ignored = spanInScope()) {
      assertThat(Log4jContextData.withTraceId(untouched, untouched)).isSameAs(untouched);
    }
    // Types that do not fit together.
    assertThat(
            Log4jContextData.bind(
                loader,
                WritableMap.class.getName(),
                ReadOnlyMap.class.getName(),
                SortedMap.class.getName()))
        .isNull();
  }
}
