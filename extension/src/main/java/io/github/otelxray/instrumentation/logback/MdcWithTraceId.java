/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.logback;

import io.github.otelxray.instrumentation.XRayLogTraceId;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An event's MDC map with {@code AWS-XRAY-TRACE-ID} added, as a read-only view: nothing is copied.
 * {@code %X{key}} asks {@link #get} and costs one extra comparison; encoders that walk every entry
 * see the event's entries and then ours. The event's own map (possibly the MDC's shared snapshot)
 * is never written.
 *
 * <p>A helper class: injected into Logback's class loader; JDK and our own helpers only.
 */
final class MdcWithTraceId extends AbstractMap<String, String> {

  private final Map<String, String> mdc; // never contains KEY
  private final String id;

  MdcWithTraceId(Map<String, String> mdc, String id) {
    this.mdc = mdc == null ? Collections.<String, String>emptyMap() : mdc;
    this.id = id;
  }

  @Override
  public String get(Object key) {
    return XRayLogTraceId.KEY.equals(key) ? id : mdc.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return XRayLogTraceId.KEY.equals(key) || mdc.containsKey(key);
  }

  @Override
  public int size() {
    return mdc.size() + 1;
  }

  @Override
  public boolean isEmpty() {
    return false;
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new Entries(mdc, id);
  }

  /** The event's entries, then ours. */
  static final class Entries extends AbstractSet<Map.Entry<String, String>> {
    private final Map<String, String> mdc;
    private final String id;

    Entries(Map<String, String> mdc, String id) {
      this.mdc = mdc;
      this.id = id;
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
      return new EntryIterator(mdc.entrySet().iterator(), id);
    }

    @Override
    public int size() {
      return mdc.size() + 1;
    }
  }

  static final class EntryIterator implements Iterator<Map.Entry<String, String>> {
    private final Iterator<Map.Entry<String, String>> entries;
    private final String id;
    private boolean ownDone;

    EntryIterator(Iterator<Map.Entry<String, String>> entries, String id) {
      this.entries = entries;
      this.id = id;
    }

    @Override
    public boolean hasNext() {
      return entries.hasNext() || !ownDone;
    }

    @Override
    public Map.Entry<String, String> next() {
      if (entries.hasNext()) {
        return entries.next();
      }
      if (ownDone) {
        throw new NoSuchElementException();
      }
      ownDone = true;
      return new AbstractMap.SimpleImmutableEntry<>(XRayLogTraceId.KEY, id);
    }
  }
}
