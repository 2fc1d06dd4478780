/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.logging;

import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Warnings of one kind from one document, the first {@link #NAMED} passed on and the rest counted,
 * so a file with thousands of unknown keys costs eleven lines, not thousands. Not thread-safe: one
 * reader, one document.
 */
public final class CappedWarnings implements Consumer<String> {

  public static final int NAMED = 10;

  private final Consumer<String> warn;
  private int count;

  public CappedWarnings(Consumer<String> warn) {
    this.warn = warn;
  }

  @Override
  public void accept(String message) {
    if (++count <= NAMED) {
      warn.accept(message);
    }
  }

  /** One line for the warnings not passed on, if any: {@code line} gets their number. */
  public void countRest(IntFunction<String> line) {
    if (count > NAMED) {
      warn.accept(line.apply(count - NAMED));
    }
  }
}
