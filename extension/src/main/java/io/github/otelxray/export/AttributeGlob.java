/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import io.github.otelxray.match.Glob;

/**
 * One entry of {@code otel.aws.xray.annotations}: {@code *} matches any run of characters (none
 * included), {@code ?} exactly one, everything else itself, over the whole attribute name.
 *
 * <p>Case-sensitive, unlike the sampling rules' globs: attribute names are case-sensitive, and so
 * is the collector's {@code indexed_attributes}; {@code tenant} and {@code Tenant} are two
 * attributes. Matching is the project's one {@link Glob}; this class adds what the annotation
 * checks need to know about a pattern (is it literal, what prefix do all its names share).
 */
final class AttributeGlob {

  private final String pattern;
  private final boolean literal;
  private final Glob glob;

  private AttributeGlob(String pattern) {
    this.pattern = pattern;
    this.literal = pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
    this.glob = Glob.caseSensitive(pattern);
  }

  static AttributeGlob compile(String pattern) {
    return new AttributeGlob(pattern);
  }

  boolean isLiteral() {
    return literal;
  }

  /** The characters before the first wildcard: every name this matches starts with them. */
  String literalPrefix() {
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' || c == '?') {
        return pattern.substring(0, i);
      }
    }
    return pattern;
  }

  boolean matches(String name) {
    return glob.matches(name);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
