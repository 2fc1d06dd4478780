/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.log4j;

import io.github.otelxray.instrumentation.XRayLogTraceId;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Adds {@code AWS-XRAY-TRACE-ID} to the context data a Log4j 2 {@code ContextDataInjector} has just
 * built for a new event, from the span current on the logging thread; what the Log4j advice calls.
 * Nothing is written to the {@code ThreadContext}, so nothing can outlive the span on a pooled
 * thread (aws-otel-java-instrumentation#431); the key is missing when there is no valid span, and
 * an existing one (from the {@code ThreadContext} or another instrumentation) is kept, as the agent
 * keeps a {@code trace_id} it finds.
 *
 * <p>The map Log4j returns is written only when it is the {@code reusable} map Log4j handed the
 * injector for this event and is not frozen; any other map (the thread's own copy-on-write map, a
 * frozen snapshot, an injector's shared instance) is copied into a {@code SortedArrayStringMap}
 * first, as the agent's own injector does.
 *
 * <p>A helper class injected into Log4j's class loader. It binds to Log4j's {@code StringMap} types
 * by name, once per class loader, through method handles: the extension is built without Log4j on
 * its class path and without the agent's generated muzzle checks, so nothing here links against a
 * Log4j type, and if the expected methods are missing (a Log4j this was not written for) the
 * binding is empty and events pass unchanged.
 */
public final class Log4jContextData {

  static final String READ_ONLY_STRING_MAP = "org.apache.logging.log4j.util.ReadOnlyStringMap";
  static final String STRING_MAP = "org.apache.logging.log4j.util.StringMap";
  static final String SORTED_ARRAY_STRING_MAP =
      "org.apache.logging.log4j.util.SortedArrayStringMap";

  private static final Log4jContextData BOUND =
      bind(
          Log4jContextData.class.getClassLoader(),
          READ_ONLY_STRING_MAP,
          STRING_MAP,
          SORTED_ARRAY_STRING_MAP);

  /** {@code (Object map, String key) boolean}: {@code ReadOnlyStringMap.containsKey}. */
  private final MethodHandle containsKey;

  /** {@code (Object map) boolean}: {@code StringMap.isFrozen}. */
  private final MethodHandle isFrozen;

  /** {@code (Object map, String key, Object value) void}: {@code StringMap.putValue}. */
  private final MethodHandle putValue;

  /** {@code (Object map) Object}: {@code new SortedArrayStringMap(ReadOnlyStringMap)}. */
  private final MethodHandle copy;

  private Log4jContextData(
      MethodHandle containsKey, MethodHandle isFrozen, MethodHandle putValue, MethodHandle copy) {
    this.containsKey = containsKey;
    this.isFrozen = isFrozen;
    this.putValue = putValue;
    this.copy = copy;
  }

  /**
   * What the advice on {@code injectContextData(List, StringMap reusable)} returns instead of
   * {@code contextData}: the same map, or one with our key. Never throws.
   */
  public static Object withTraceId(Object contextData, Object reusable) {
    Log4jContextData bound = BOUND;
    return bound == null ? contextData : bound.decorate(contextData, reusable);
  }

  Object decorate(Object contextData, Object reusable) {
    if (contextData == null) {
      return null;
    }
    String id = XRayLogTraceId.current();
    if (id == null) {
      return contextData;
    }
    try {
      if ((boolean) containsKey.invokeExact(contextData, XRayLogTraceId.KEY)) {
        return contextData;
      }
      Object target =
          contextData == reusable && !(boolean) isFrozen.invokeExact(contextData)
              ? contextData
              : (Object) copy.invokeExact(contextData);
      putValue.invokeExact(target, XRayLogTraceId.KEY, (Object) id);
      return target;
    } catch (Throwable t) {
      // Log4j's map refused (a custom map type, say): the event keeps what Log4j gave it.
      return contextData;
    }
  }

  /**
   * Binds to the three types as {@code loader} sees them; {@code null} when any of them or of the
   * four members is missing. Package-private with the names as parameters so tests can bind to
   * look-alike classes.
   */
  static Log4jContextData bind(
      ClassLoader loader, String readOnlyStringMap, String stringMap, String sortedArrayStringMap) {
    try {
      Class<?> readOnly = Class.forName(readOnlyStringMap, false, loader);
      Class<?> writable = Class.forName(stringMap, false, loader);
      Class<?> sorted = Class.forName(sortedArrayStringMap, false, loader);
      if (!readOnly.isAssignableFrom(writable) || !writable.isAssignableFrom(sorted)) {
        return null;
      }
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodHandle containsKey =
          lookup
              .findVirtual(
                  readOnly, "containsKey", MethodType.methodType(boolean.class, String.class))
              .asType(MethodType.methodType(boolean.class, Object.class, String.class));
      MethodHandle isFrozen =
          lookup
              .findVirtual(writable, "isFrozen", MethodType.methodType(boolean.class))
              .asType(MethodType.methodType(boolean.class, Object.class));
      MethodHandle putValue =
          lookup
              .findVirtual(
                  writable,
                  "putValue",
                  MethodType.methodType(void.class, String.class, Object.class))
              .asType(MethodType.methodType(void.class, Object.class, String.class, Object.class));
      MethodHandle copy =
          lookup
              .findConstructor(sorted, MethodType.methodType(void.class, readOnly))
              .asType(MethodType.methodType(Object.class, Object.class));
      return new Log4jContextData(containsKey, isFrozen, putValue, copy);
    } catch (Throwable t) {
      return null;
    }
  }
}
