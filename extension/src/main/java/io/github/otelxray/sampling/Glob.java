package io.github.otelxray.sampling;

import java.util.Locale;

/**
 * An X-Ray sampling-rule pattern: {@code *} matches any run of characters (none included), {@code
 * ?} exactly one, everything else itself, compared without regard to case, over the whole value.
 * That is the X-Ray SDKs' {@code SearchPattern}; contrib's matcher is case-sensitive for patterns
 * with wildcards, so {@code g*} misses {@code GET} there.
 *
 * <p>Compiled once when rules arrive; {@link #matches} allocates nothing.
 */
final class Glob {

  private static final Glob ANY = new Glob("*");

  private final String pattern; // lower case
  private final boolean matchesAll;
  private final boolean literal;

  private Glob(String pattern) {
    this.pattern = pattern.toLowerCase(Locale.ROOT);
    this.matchesAll = !pattern.isEmpty() && pattern.chars().allMatch(c -> c == '*');
    this.literal = pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
  }

  static Glob compile(String pattern) {
    if (pattern == null || pattern.equals("*")) {
      return ANY;
    }
    return new Glob(pattern);
  }

  boolean matchesAll() {
    return matchesAll;
  }

  /** A missing value counts as the empty string, as in the X-Ray SDKs. */
  boolean matches(String value) {
    if (matchesAll) {
      return true;
    }
    String text = value == null ? "" : value;
    if (literal) {
      return pattern.equalsIgnoreCase(text);
    }
    // Greedy wildcard matching with one backtrack point: linear for the patterns rules use and
    // never worse than pattern length x value length.
    int p = 0;
    int t = 0;
    int starP = -1;
    int starT = 0;
    while (t < text.length()) {
      // The wildcard test comes first: a '*' in the value is an ordinary character and must not
      // be taken as the pattern's literal '*'.
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

  @Override
  public String toString() {
    return pattern;
  }
}
