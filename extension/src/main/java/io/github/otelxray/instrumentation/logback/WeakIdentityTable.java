/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.logback;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A value per object, held until the object is garbage collected: keys are compared by identity and
 * referenced weakly, so the table never keeps a logging event alive. Striped: each of 32 segments
 * is a small chained hash table behind its own lock, so logging threads rarely wait for each other.
 * Entries of collected keys are dropped on the next write to their segment.
 *
 * <p>Used only for events handed to another thread (an asynchronous appender): synchronous writes
 * store nothing. The agent's {@code VirtualField} would be a field on the event instead, but across
 * the agents this extension supports an extension cannot have one: the agent adds such a field only
 * for types a module registers; 2.23.0 and 2.28.1 take registrations only from the muzzle code its
 * Gradle plugin generates, 2.31.1 and 2.33.1 through an internal interface whose method changed its
 * parameter type between the two ({@code BiConsumer}, then {@code VirtualFieldRegistration}).
 * Without a registration {@code VirtualField.find} fails ("VirtualField not found").
 *
 * <p>A helper class: injected into the logging library's class loader; JDK only.
 */
final class WeakIdentityTable<V> {

  private static final int SEGMENT_BITS = 5;
  private static final int SEGMENTS = 1 << SEGMENT_BITS;

  private final Segment<V>[] segments;

  @SuppressWarnings("unchecked") // generic array creation
  WeakIdentityTable() {
    segments = (Segment<V>[]) new Segment<?>[SEGMENTS];
    for (int i = 0; i < SEGMENTS; i++) {
      segments[i] = new Segment<>();
    }
  }

  /** The value for {@code key}, or {@code null}. */
  V get(Object key) {
    int hash = hash(key);
    return segments[hash & (SEGMENTS - 1)].get(key, hash >>> SEGMENT_BITS);
  }

  /** Stores {@code value} unless {@code key} has one; returns the value it already had, or null. */
  V putIfAbsent(Object key, V value) {
    if (key == null || value == null) {
      throw new NullPointerException();
    }
    int hash = hash(key);
    return segments[hash & (SEGMENTS - 1)].putIfAbsent(key, hash >>> SEGMENT_BITS, value);
  }

  /** Entries whose keys are still alive (collected ones are dropped first): for tests. */
  int size() {
    int size = 0;
    for (Segment<V> segment : segments) {
      size += segment.size();
    }
    return size;
  }

  private static int hash(Object key) {
    int h = System.identityHashCode(key);
    return h ^ (h >>> 16);
  }

  static final class Segment<V> {
    private static final int INITIAL_CAPACITY = 16;

    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private Entry<V>[] table = newTable(INITIAL_CAPACITY);
    private int size;

    synchronized V get(Object key, int hash) {
      for (Entry<V> e = table[hash & (table.length - 1)]; e != null; e = e.next) {
        if (e.hash == hash && e.get() == key) {
          return e.value;
        }
      }
      return null;
    }

    synchronized V putIfAbsent(Object key, int hash, V value) {
      expungeCollected();
      int index = hash & (table.length - 1);
      for (Entry<V> e = table[index]; e != null; e = e.next) {
        if (e.hash == hash && e.get() == key) {
          return e.value;
        }
      }
      table[index] = new Entry<>(key, hash, value, table[index], collected);
      if (++size > table.length - (table.length >>> 2)) {
        resize();
      }
      return null;
    }

    synchronized int size() {
      expungeCollected();
      return size;
    }

    private void expungeCollected() {
      Reference<?> reference;
      while ((reference = collected.poll()) != null) {
        @SuppressWarnings("unchecked") // only entries are registered with this queue
        Entry<V> dead = (Entry<V>) reference;
        int index = dead.hash & (table.length - 1);
        Entry<V> previous = null;
        for (Entry<V> e = table[index]; e != null; previous = e, e = e.next) {
          if (e == dead) {
            unlink(index, previous, e);
            break;
          }
        }
      }
    }

    private void unlink(int index, Entry<V> previous, Entry<V> entry) {
      if (previous == null) {
        table[index] = entry.next;
      } else {
        previous.next = entry.next;
      }
      entry.next = null;
      size--;
    }

    private void resize() {
      Entry<V>[] old = table;
      Entry<V>[] grown = newTable(old.length * 2);
      int live = 0;
      for (Entry<V> head : old) {
        Entry<V> e = head;
        while (e != null) {
          Entry<V> next = e.next;
          if (e.get() == null) {
            // Collected: left out here; its queued reference then finds nothing to unlink.
            e.next = null;
          } else {
            int index = e.hash & (grown.length - 1);
            e.next = grown[index];
            grown[index] = e;
            live++;
          }
          e = next;
        }
      }
      table = grown;
      size = live;
    }

    @SuppressWarnings("unchecked") // generic array creation
    private static <V> Entry<V>[] newTable(int capacity) {
      return (Entry<V>[]) new Entry<?>[capacity];
    }
  }

  static final class Entry<V> extends WeakReference<Object> {
    final int hash;
    final V value;
    Entry<V> next;

    Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.hash = hash;
      this.value = value;
      this.next = next;
    }
  }
}
