/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GlobTest {

  @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // pattern       | value             | matches
        "*               | anything          | true",
        "*               | ''                | true",
        "**              | ''                | true",
        "/api/*          | /api/             | true",
        "/api/*          | /api/orders/7     | true",
        "/api/*          | /api              | false",
        "*.js            | /static/app.js    | true",
        "*.js            | /static/app.json  | false",
        "*.js            | .JS               | true",
        "*.js            | js                | false",
        "/api*           | /ap               | false",
        "/api*           | /API              | true",
        "/api*           | /x/api            | false",
        "*/orders        | /v1/orders/7      | false",
        "a*b*c           | abc               | true",
        "a*b*c           | aXXbYYc           | true",
        "a*b*c           | aXXbYY            | false",
        "*abc            | ababc             | true",
        "?               | x                 | true",
        "?               | ''                | false",
        "?               | xy                | false",
        "/v?/items       | /v2/items         | true",
        "/v?/items       | /v10/items        | false",
        "???*            | abc               | true",
        "???*            | ab                | false",
        "*?              | ''                | false",
        "*?              | a                 | true",
      })
  void matchesStarAsAnyRunAndQuestionMarkAsExactlyOneCharacter(
      String pattern, String value, boolean matches) {
    assertThat(Glob.ignoringCase(pattern).matches(value)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET             | GET               | true",
        "GET             | POST              | false",
        "/health         | /health           | true",
        "/health         | /healthz          | false",
        "/health         | /x/health         | false",
        "''              | ''                | true",
        "''              | x                 | false",
      })
  void matchesLiteralPatternsAgainstTheWholeValue(String pattern, String value, boolean matches) {
    assertThat(Glob.ignoringCase(pattern).matches(value)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "''{0}'' matches ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        // contrib gets the wildcard rows wrong: its wildcard matching is case-sensitive.
        "g*              | GET",
        "G*              | get",
        "/F*             | /foo",
        "/f*             | /Foo/Bar",
        "p?st            | POST",
        "*.EXAMPLE.com   | api.example.COM",
        "get             | GET",
        "/Health         | /health",
      })
  void matchesGlobsWithoutRegardToCase(String pattern, String value) {
    assertThat(Glob.ignoringCase(pattern).matches(value)).isTrue();
  }

  @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "api.example.com | api.example.com   | true",
        "api.example.com | apiXexampleXcom   | false",
        "*.example.com   | api.example.com   | true",
        "*.example.com   | api-example.com   | false",
        "v1.?            | v1.2              | true",
        "v1.?            | v1x2              | false",
      })
  void treatsDotAsALiteralCharacter(String pattern, String value, boolean matches) {
    assertThat(Glob.ignoringCase(pattern).matches(value)).isEqualTo(matches);
  }

  @Test
  void treatsRegexMetacharactersLiterally() {
    assertThat(Glob.ignoringCase("/a+b(c)[d]$").matches("/a+b(c)[d]$")).isTrue();
    assertThat(Glob.ignoringCase("/a+b").matches("/aab")).isFalse();
  }

  @Test
  void treatsMissingValueAsEmptyStringSoOnlyStarLikePatternsMatchIt() {
    assertThat(Glob.ignoringCase("*").matches(null)).isTrue();
    assertThat(Glob.ignoringCase("***").matches(null)).isTrue();
    assertThat(Glob.ignoringCase("").matches(null)).isTrue();
    assertThat(Glob.ignoringCase("?").matches(null)).isFalse();
    assertThat(Glob.ignoringCase("GET").matches(null)).isFalse();
    assertThat(Glob.ignoringCase("/*").matches(null)).isFalse();
  }

  @Test
  void treatsNullPatternAsMatchingEverything() {
    Glob glob = Glob.ignoringCase(null);

    assertThat(glob.matchesAll()).isTrue();
    assertThat(glob.matches("x")).isTrue();
    assertThat(glob.matches(null)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"*, true", "***, true", "'', false", "*?, false", "a*, false", "?, false"})
  void reportsMatchesAllOnlyForPatternsOfStarsAlone(String pattern, boolean matchesAll) {
    assertThat(Glob.ignoringCase(pattern).matchesAll()).isEqualTo(matchesAll);
  }

  @Test
  void staysCorrectForPatternsWithManyStars() {
    // Naive recursive backtracking is exponential here; the answers must still be exact.
    String pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*b";
    String manyAs = "a".repeat(5_000);

    assertThat(Glob.ignoringCase(pattern).matches(manyAs)).isFalse();
    assertThat(Glob.ignoringCase(pattern).matches(manyAs + "b")).isTrue();
    assertThat(Glob.ignoringCase("*".repeat(200) + "?").matches(manyAs)).isTrue();
    assertThat(Glob.ignoringCase("*?*?*?*?*?*?*?*?*?*?*?*?").matches("a".repeat(11))).isFalse();
    assertThat(Glob.ignoringCase("*?*?*?*?*?*?*?*?*?*?*?*?").matches("a".repeat(12))).isTrue();
  }

  @ParameterizedTest(name = "''{0}'' matches ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        // A '*' in the value is an ordinary character: the pattern's '*' must still be able to
        // stretch over it and beyond.
        "a*      | a*b",
        "/api/*  | /api/*/orders",
        "*a      | *ba",
        "*       | *",
        "a*      | a*",
      })
  void matchesValuesThatThemselvesContainAStar(String pattern, String value) {
    assertThat(Glob.ignoringCase(pattern).matches(value)).isTrue();
  }

  @ParameterizedTest(name = "''{0}'' matches ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        // Letters whose String lower case differs from their char lower case ('İ' becomes two
        // chars, a final 'Σ' becomes 'ς'): pattern and value must be folded alike, or a value
        // fails to match even its own spelling.
        "İstanbul        | İstanbul",
        "/city/İ*        | /city/İzmir",
        "*/İzmir         | /city/İzmir",
        "/city/İ?mir     | /city/İzmir",
        "?ΔΟΣ            | ΟΔΟΣ",
        "ΟΔΟΣ*           | ΟΔΟΣ-1",
        "ΟΔΟΣ            | οδοσ",
      })
  void matchesNonAsciiLettersAsTheValueSpellsThem(String pattern, String value) {
    assertThat(Glob.ignoringCase(pattern).matches(value)).isTrue();
  }

  @ParameterizedTest(name = "case-sensitive ''{0}'' vs ''{1}'' -> {2}")
  @CsvSource({
    "tenant,   tenant,      true",
    "tenant,   Tenant,      false",
    "app.*,    app.region,  true",
    "app.*,    App.region,  false",
    "*.id,     order.id,    true",
    "*.id,     order.ID,    false",
    "a?c,      abc,         true",
    "a?c,      aBC,         false",
    "a*b*c,    aXbYc,       true",
    "a*b*c,    aXBYc,       false",
  })
  void comparesExactlyWhenCaseSensitive(String pattern, String value, boolean matches) {
    // Attribute names are case-sensitive; every shape (literal, prefix, suffix, general) must be.
    assertThat(Glob.caseSensitive(pattern).matches(value)).isEqualTo(matches);
  }

  /**
   * Every answer equals that of the textbook table over pattern and value positions, for random
   * patterns and values over a small alphabet (so that partial matches, the hard case, abound) in
   * both case modes, with segments short and longer than one and two 64-bit words.
   */
  @ParameterizedTest(name = "segments up to {0} characters")
  @CsvSource({"6, 14, 20000", "70, 160, 2000", "140, 300, 500"})
  void agreesWithTheTextbookMatcherOnRandomPatterns(int maxSegment, int maxValue, int runs) {
    Random random = new Random(maxSegment);
    String letters = "aAbé?É";
    for (int run = 0; run < runs; run++) {
      StringBuilder pattern = new StringBuilder();
      int segments = 1 + random.nextInt(4);
      for (int s = 0; s < segments; s++) {
        if (s > 0 || random.nextBoolean()) {
          pattern.append('*');
        }
        int length = random.nextInt(maxSegment + 1);
        for (int i = 0; i < length; i++) {
          // Mostly 'a', so that long runs of a value almost match a segment.
          pattern.append(random.nextInt(4) > 0 ? 'a' : letters.charAt(random.nextInt(6)));
        }
      }
      if (random.nextBoolean()) {
        pattern.append('*');
      }
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(maxValue + 1);
      for (int i = 0; i < length; i++) {
        value.append(random.nextInt(5) > 0 ? 'a' : "aAbBéÉ*?".charAt(random.nextInt(8)));
      }
      for (boolean ignoreCase : new boolean[] {true, false}) {
        Glob glob =
            ignoreCase
                ? Glob.ignoringCase(pattern.toString())
                : Glob.caseSensitive(pattern.toString());
        assertThat(glob.matches(value.toString()))
            .as("%s '%s' vs '%s'", ignoreCase ? "ignoring case" : "exact", pattern, value)
            .isEqualTo(textbook(pattern.toString(), value.toString(), ignoreCase));
      }
    }
  }

  @ParameterizedTest(name = "a segment of {0} characters")
  @ValueSource(ints = {1, 8, 9, 63, 64, 65, 127, 128, 129, 200})
  void findsASegmentOfAnyLengthBetweenStars(int length) {
    String segment = "ab".repeat(length).substring(0, length);
    Glob glob = Glob.ignoringCase("x*" + segment + "*y");

    assertThat(glob.matches("x" + "a".repeat(300) + segment.toUpperCase() + "b".repeat(9) + "y"))
        .isTrue();
    assertThat(glob.matches("x" + "b".repeat(300) + segment.substring(1) + "y")).isFalse();
    assertThat(glob.matches("x" + segment + "y")).isTrue();
    assertThat(glob.matches("x" + segment)).isFalse();
  }

  @Test
  void answersAPatternMadeToBacktrackAgainstALongValue() {
    // What cost the backtracking walk 128 x 8,192 steps; the answers must not change.
    Glob glob = Glob.ignoringCase("*a*" + "a".repeat(120) + "b*");
    String as = "a".repeat(8_192);

    assertThat(glob.matches(as)).isFalse();
    assertThat(glob.matches("a".repeat(2_000) + "b")).isTrue();
    assertThat(glob.matches("a" + "a".repeat(120) + "B")).isTrue();
  }

  @Test
  void looksForThePartsBetweenStarsOnlyInTheFirst2048Characters() {
    Glob glob = Glob.ignoringCase("/api/*/checkout/*");
    String filler = "x".repeat(Glob.MAX_EXAMINED);

    assertThat(glob.matches("/api/" + "x".repeat(1_000) + "/checkout/1")).isTrue();
    // Found only past the bound: a miss, never a false match.
    assertThat(glob.matches("/api/" + filler + "/checkout/1")).isFalse();
  }

  @Test
  void comparesTheEndsOfAValueOfAnyLength() {
    String path = "/static/" + "x".repeat(100_000) + ".PNG";

    assertThat(Glob.ignoringCase("/static/*.png").matches(path)).isTrue();
    assertThat(Glob.ignoringCase("*.png").matches(path)).isTrue();
    assertThat(Glob.ignoringCase("/static/*").matches(path)).isTrue();
    assertThat(Glob.ignoringCase("/static/*.jpg").matches(path)).isFalse();
  }

  /** The dynamic-programming matcher every textbook has: slow, obviously right. */
  private static boolean textbook(String pattern, String value, boolean ignoreCase) {
    int p = pattern.length();
    int t = value.length();
    boolean[][] match = new boolean[p + 1][t + 1];
    match[0][0] = true;
    for (int i = 1; i <= p; i++) {
      char c = pattern.charAt(i - 1);
      for (int j = 0; j <= t; j++) {
        if (c == '*') {
          match[i][j] = match[i - 1][j] || (j > 0 && match[i][j - 1]);
        } else if (j > 0) {
          char v = value.charAt(j - 1);
          boolean same =
              c == '?'
                  || c == v
                  || (ignoreCase && Character.toLowerCase(c) == Character.toLowerCase(v));
          match[i][j] = same && match[i - 1][j - 1];
        }
      }
    }
    return match[p][t];
  }

  /**
   * Fuzzed (Jazzer; the corpus is {@code GlobTestInputs/}): the first line is the pattern, the rest
   * the value. Never throws; never a false match; within the examined length, exactly the
   * textbook's answer.
   */
  @FuzzTest
  void fuzzMatchesAsTheTextbookWithinTheBoundAndNeverFalsely(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    String pattern = newline < 0 ? text : text.substring(0, newline);
    String value = newline < 0 ? "" : text.substring(newline + 1);
    if (pattern.length() > 128 || value.length() > 3 * Glob.MAX_EXAMINED) {
      return; // the textbook table would cost too much; the bound is what GlobTest pins
    }
    for (boolean ignoreCase : new boolean[] {true, false}) {
      Glob glob = ignoreCase ? Glob.ignoringCase(pattern) : Glob.caseSensitive(pattern);
      boolean matches = glob.matches(value);
      boolean expected = textbook(pattern, value, ignoreCase);
      if (value.length() <= Glob.MAX_EXAMINED) {
        assertThat(matches).as("'%s' vs '%s'", pattern, value).isEqualTo(expected);
      } else if (matches) {
        assertThat(expected).as("false match: '%s' vs '%s'", pattern, value).isTrue();
      }
    }
  }
}
