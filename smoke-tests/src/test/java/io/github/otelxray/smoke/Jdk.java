/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * The JDKs the matrix smoke tests run their services on: the oldest we support and the newest. A
 * JDK that is not installed skips its cases with a message, it does not fail them.
 */
enum Jdk {
  JDK_17("JDK 17", SmokeEnvironment::jdk17),
  JDK_25("JDK 25", SmokeEnvironment::jdk25);

  private final String label;
  private final Supplier<Optional<Path>> home;

  Jdk(String label, Supplier<Optional<Path>> home) {
    this.label = label;
    this.home = home;
  }

  /** Its {@code java.home}; skips the calling test where it is not installed. */
  Path homeOrSkip() {
    Optional<Path> found = home.get();
    Assumptions.assumeTrue(
        found.isPresent(), label + " not found on this machine: skipping its smoke tests");
    return found.get();
  }

  @Override
  public String toString() {
    return label;
  }
}
