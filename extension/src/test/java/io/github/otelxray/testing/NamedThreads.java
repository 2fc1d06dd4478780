/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.testing;

import java.util.HashSet;
import java.util.Set;

/** The live threads of one name, so a test can single out the ones it started and join them. */
public final class NamedThreads {

  private NamedThreads() {}

  public static Set<Thread> alive(String name) {
    Set<Thread> threads = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(name) && thread.isAlive()) {
        threads.add(thread);
      }
    }
    return threads;
  }
}
