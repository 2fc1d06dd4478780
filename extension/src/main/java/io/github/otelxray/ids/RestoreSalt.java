/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.ids;

import java.security.SecureRandom;

/**
 * Per-copy randomness for a JVM that may be restored from a snapshot (Lambda SnapStart, CRaC).
 *
 * <p>{@link java.util.concurrent.ThreadLocalRandom} keeps its state per thread and seeds new
 * threads from a process-wide seed; all of it is in the snapshot, so every environment restored
 * from one snapshot draws the same "random" numbers in the same order. The id generator therefore
 * XORs each random word with a salt: zero until a restore, then fresh from {@link SecureRandom}
 * (which reads the operating system's entropy, different in each restored copy). XOR with a
 * constant is a bijection, so ids stay as unique within one copy as the thread-local random makes
 * them, and two copies that replay the same random sequence produce different ids.
 */
final class RestoreSalt {

  /** Immutable, so a reader sees the three words of one reseeding together. */
  static final class Words {
    final long traceHigh;
    final long traceLow;
    final long span;

    Words(long traceHigh, long traceLow, long span) {
      this.traceHigh = traceHigh;
      this.traceLow = traceLow;
      this.span = span;
    }
  }

  private static final Words NONE = new Words(0L, 0L, 0L);

  private volatile Words words = NONE;

  /** Draws a new salt; called after a restore, before the restored copy serves a request. */
  void reseed() {
    SecureRandom random = new SecureRandom();
    words = new Words(random.nextLong(), random.nextLong(), random.nextLong());
  }

  /** The current salt, read once per id (one volatile read). */
  Words words() {
    return words;
  }

  long span() {
    return words.span;
  }
}
