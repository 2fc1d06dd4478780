package io.github.otelxray.export;

/**
 * One entry of {@code otel.aws.xray.annotations}: {@code *} matches any run of characters (none
 * included), {@code ?} exactly one, everything else itself, over the whole attribute name.
 *
 * <p>Case-sensitive, unlike the sampling rules' globs: attribute names are case-sensitive, and so
 * is the collector's {@code indexed_attributes}; {@code tenant} and {@code Tenant} are two
 * attributes. Compiled once at start-up; {@link #matches} allocates nothing.
 */
final class AttributeGlob {

  private final String pattern;
  private final boolean literal;
  private final boolean matchesAll;

  private AttributeGlob(String pattern) {
    this.pattern = pattern;
    this.literal = pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
    boolean onlyStars = !pattern.isEmpty();
    for (int i = 0; i < pattern.length(); i++) {
      onlyStars &= pattern.charAt(i) == '*';
    }
    this.matchesAll = onlyStars;
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
    if (matchesAll) {
      return true;
    }
    if (literal) {
      return pattern.equals(name);
    }
    // Greedy wildcard matching with one backtrack point: never worse than pattern length x name
    // length, and linear for the prefix/suffix globs people write (app.*, *.id).
    int p = 0;
    int t = 0;
    int starP = -1;
    int starT = 0;
    while (t < name.length()) {
      // The wildcard test comes first: a '*' in the name is an ordinary character.
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        starP = p++;
        starT = t;
      } else if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(t))) {
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

  @Override
  public String toString() {
    return pattern;
  }
}
