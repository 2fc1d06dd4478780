/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.match;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One rule pattern with wildcards inside (the {@link Glob} shape without a fast path) against one
 * request path, ours against the backtracking walk it replaced.
 *
 * <ul>
 *   <li>{@code pattern=ORDERS}: {@code /api/*&#47;orders/*}, a rule as people write them, against
 *       {@code /api/v1/orders/42} padded to {@code pathLength} with more path segments;
 *   <li>{@code pattern=HOSTILE}: {@code *a*} + 120 {@code a} + {@code b*} (128 characters, the
 *       {@code URLPath} limit) against {@code pathLength} {@code a}s: what a request path chosen by
 *       whoever sends it can do to a rule that allows it. 8,192 is the request-line limit of common
 *       servers.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GlobBenchmark {

  public enum Pattern {
    ORDERS,
    HOSTILE
  }

  @Param({"ORDERS", "HOSTILE"})
  public Pattern pattern;

  @Param({"64", "8192"})
  public int pathLength;

  private Glob glob;
  private BacktrackingGlob backtracking;
  private String path;

  @Setup
  public void setUp() {
    String text;
    if (pattern == Pattern.ORDERS) {
      text = "/api/*/orders/*";
      StringBuilder padded = new StringBuilder("/api/v1");
      while (padded.length() < pathLength - "/orders/42".length()) {
        padded.append("/segment");
      }
      path = padded.append("/orders/42").toString();
    } else {
      text = "*a*" + "a".repeat(120) + "b*";
      path = "a".repeat(pathLength);
    }
    glob = Glob.ignoringCase(text);
    backtracking = new BacktrackingGlob(text);
    if (glob.matches(path) != backtracking.matches(path)) {
      throw new IllegalStateException("the two matchers disagree on " + path);
    }
  }

  @Benchmark
  public boolean ours() {
    return glob.matches(path);
  }

  @Benchmark
  public boolean backtrackingWalk() {
    return backtracking.matches(path);
  }

  /** The general case of {@link Glob} before it searched segments bit-parallel. */
  static final class BacktrackingGlob {
    private final String pattern;

    BacktrackingGlob(String pattern) {
      this.pattern = pattern.toLowerCase(java.util.Locale.ROOT);
    }

    boolean matches(String text) {
      int p = 0;
      int t = 0;
      int starP = -1;
      int starT = 0;
      while (t < text.length()) {
        if (p < pattern.length() && pattern.charAt(p) == '*') {
          starP = p++;
          starT = t;
        } else if (p < pattern.length()
            && (pattern.charAt(p) == '?' || pattern.charAt(p) == lower(text.charAt(t)))) {
          p++;
          t++;
        } else if (starP >= 0) {
          p = starP + 1;
          t = ++starT;
        } else {
          return false;
        }
      }
      while (p < pattern.length() && pattern.charAt(p) == '*') {
        p++;
      }
      return p == pattern.length();
    }

    private static char lower(char c) {
      return c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
    }
  }
}
