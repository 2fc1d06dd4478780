/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.match;

/**
 * A glob: {@code *} matches any run of characters (none included), {@code ?} exactly one,
 * everything else itself, over the whole value. The one matcher of the project:
 *
 * <ul>
 *   <li>{@link #ignoringCase} compares without regard to case, as X-Ray sampling rules do (the
 *       X-Ray SDKs' {@code SearchPattern}; contrib's matcher is case-sensitive for patterns with
 *       wildcards, so {@code g*} misses {@code GET} there);
 *   <li>{@link #caseSensitive} compares exactly, as attribute names must be ({@code tenant} and
 *       {@code Tenant} are two attributes).
 * </ul>
 *
 * <p>Compiled once; {@link #matches} allocates nothing and takes time linear in the value's length
 * (the pattern's segments are searched bit-parallel, see {@link Segment}), and no more than that of
 * {@link #MAX_EXAMINED} characters: a pattern's first and last part are compared at the value's
 * ends, and the parts between its stars are looked for in its first {@value #MAX_EXAMINED}
 * characters only. A request's path is chosen by whoever sends it; with this bound a decision costs
 * at most rules × a few thousand steps whatever the path. The price is a miss, never a false match:
 * a value whose middle part is found only further on does not match.
 */
public final class Glob {

  private static final Glob ANY = new Glob("*", true);

  /**
   * How far into a value the parts between stars are looked for. Far above real paths (browsers and
   * servers commonly stop at 2 to 8 KiB for the whole request line), far below what an attacker may
   * send.
   */
  public static final int MAX_EXAMINED = 2_048;

  /** The shapes rules use, each with a matcher cheaper than the general walk. */
  private enum Shape {
    ANY,
    LITERAL,
    /** {@code abc*}: one trailing star, no other wildcard. */
    PREFIX,
    /** {@code *abc}: one leading star, no other wildcard. */
    SUFFIX,
    GENERAL
  }

  private final String pattern; // lower case when ignoring case
  private final boolean ignoreCase;
  private final Shape shape;
  private final String fixed; // the literal part of PREFIX and SUFFIX patterns
  // GENERAL patterns: the segments between stars; with no star, head is the whole pattern.
  private final boolean hasStar;
  private final Segment head;
  private final Segment tail;
  private final Segment[] middle;

  private Glob(String pattern, boolean ignoreCase) {
    this.ignoreCase = ignoreCase;
    this.pattern = ignoreCase ? lowerEachChar(pattern) : pattern;
    int stars = count(this.pattern, '*');
    boolean question = this.pattern.indexOf('?') >= 0;
    if (!this.pattern.isEmpty() && stars == this.pattern.length()) {
      shape = Shape.ANY;
      fixed = null;
    } else if (stars == 0 && !question) {
      shape = Shape.LITERAL;
      fixed = this.pattern;
    } else if (stars == 1 && !question && this.pattern.endsWith("*")) {
      shape = Shape.PREFIX;
      fixed = this.pattern.substring(0, this.pattern.length() - 1);
    } else if (stars == 1 && !question && this.pattern.startsWith("*")) {
      shape = Shape.SUFFIX;
      fixed = this.pattern.substring(1);
    } else {
      shape = Shape.GENERAL;
      fixed = null;
    }
    if (shape == Shape.GENERAL) {
      String[] parts = this.pattern.split("\\*", -1);
      hasStar = parts.length > 1;
      head = new Segment(parts[0], ignoreCase);
      tail = hasStar ? new Segment(parts[parts.length - 1], ignoreCase) : null;
      int middles = 0;
      for (int i = 1; i < parts.length - 1; i++) {
        middles += parts[i].isEmpty() ? 0 : 1;
      }
      middle = new Segment[middles];
      for (int i = 1, m = 0; i < parts.length - 1; i++) {
        if (!parts[i].isEmpty()) {
          middle[m++] = new Segment(parts[i], ignoreCase);
        }
      }
    } else {
      hasStar = false;
      head = null;
      tail = null;
      middle = null;
    }
  }

  /**
   * Lower-cases one char at a time, exactly as values are compared: {@code String.toLowerCase}
   * would turn {@code İ} into two chars and a final {@code Σ} into {@code ς}, and the pattern would
   * no longer match the value it spells.
   */
  private static String lowerEachChar(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = lower(chars[i]);
    }
    return new String(chars);
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  /** A pattern compared without regard to case; {@code null} or {@code *} matches everything. */
  public static Glob ignoringCase(String pattern) {
    if (pattern == null || pattern.equals("*")) {
      return ANY;
    }
    return new Glob(pattern, true);
  }

  /** A pattern compared exactly. */
  public static Glob caseSensitive(String pattern) {
    return new Glob(pattern, false);
  }

  public boolean matchesAll() {
    return shape == Shape.ANY;
  }

  /** A missing value counts as the empty string, as in the X-Ray SDKs. */
  public boolean matches(String value) {
    String text = value == null ? "" : value;
    switch (shape) {
      case ANY:
        return true;
      case LITERAL:
        return ignoreCase ? fixed.equalsIgnoreCase(text) : fixed.equals(text);
      case PREFIX:
        return text.regionMatches(ignoreCase, 0, fixed, 0, fixed.length());
      case SUFFIX:
        return text.length() >= fixed.length()
            && text.regionMatches(
                ignoreCase, text.length() - fixed.length(), fixed, 0, fixed.length());
      default:
        return matchesGeneral(text);
    }
  }

  private boolean matchesGeneral(String text) {
    // First and last segment are anchored at the ends; each one between goes to its leftmost
    // place after the one before, which leaves the most room for the rest. Characters of the
    // value are only ever compared, so a '*' in the value is an ordinary character.
    int length = text.length();
    if (!hasStar) {
      return length == head.length() && head.matchesAt(text, 0);
    }
    int end = length - tail.length();
    if (end < head.length() || !head.matchesAt(text, 0) || !tail.matchesAt(text, end)) {
      return false;
    }
    int at = head.length();
    int searchEnd = Math.min(end, Math.max(at, MAX_EXAMINED));
    for (Segment segment : middle) {
      int found = segment.indexIn(text, at, searchEnd);
      if (found < 0) {
        return false;
      }
      at = found + segment.length();
    }
    return true;
  }

  static char lower(char c) {
    return c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
