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
 * <p>Compiled once; {@link #matches} allocates nothing.
 */
public final class Glob {

  private static final Glob ANY = new Glob("*", true);

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
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == fold(text.charAt(t)))) {
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

  private char fold(char c) {
    return ignoreCase ? lower(c) : c;
  }

  private static char lower(char c) {
    return c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
