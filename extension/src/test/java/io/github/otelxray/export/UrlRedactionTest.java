/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlRedactionTest {

  private final UrlRedaction redaction =
      new UrlRedaction(ExportSettings.DEFAULT_REDACTED_QUERY_PARAMS, true);

  static Stream<String> defaultParams() {
    return ExportSettings.DEFAULT_REDACTED_QUERY_PARAMS.stream();
  }

  @ParameterizedTest
  @MethodSource("defaultParams")
  void redactsEveryDefaultParameterInAFullUrl(String param) {
    assertThat(redaction.url("https://api.example.com/v1/items?" + param + "=s3cr3t&page=2#top"))
        .isEqualTo("https://api.example.com/v1/items?" + param + "=REDACTED&page=2#top");
  }

  @ParameterizedTest
  @MethodSource("defaultParams")
  void redactsEveryDefaultParameterInAQueryOnItsOwn(String param) {
    assertThat(redaction.decodedQuery("a=1&" + param + "=s3cr3t"))
        .isEqualTo("a=1&" + param + "=REDACTED");
  }

  @ParameterizedTest
  @MethodSource("defaultParams")
  void redactsEveryDefaultParameterInATarget(String param) {
    assertThat(redaction.url("/login?" + param + "=s3cr3t"))
        .isEqualTo("/login?" + param + "=REDACTED");
  }

  @ParameterizedTest
  @CsvSource({
    "?password=hunter2&page=2,                 ?password=REDACTED&page=2",
    "?PASSWORD=hunter2,                        ?PASSWORD=REDACTED",
    "?Password=hunter2,                        ?Password=REDACTED",
    "?x-amz-signature=abc,                     ?x-amz-signature=REDACTED",
    "?X-AMZ-SIGNATURE=abc,                     ?X-AMZ-SIGNATURE=REDACTED",
    "?X%2DAmz%2DSignature=abc,                 ?X%2DAmz%2DSignature=REDACTED",
    "?x%2damz%2dsignature=abc,                 ?x%2damz%2dsignature=REDACTED",
    "?%70assword=hunter2,                      ?%70assword=REDACTED",
    "?api%5Fkey=k,                             ?api%5Fkey=REDACTED",
    "?token=a%20b%26c&next=%2Fhome,            ?token=REDACTED&next=%2Fhome",
    "?X-Amz-Credential=AKIA%2F20240101%2Fus-east-1&X-Amz-Date=20240101T000000Z, ?X-Amz-Credential=REDACTED&X-Amz-Date=20240101T000000Z",
  })
  void comparesDecodedNamesIgnoringCaseAndKeepsTheNameAsWritten(String query, String expected) {
    assertThat(redaction.url("https://h.example" + query))
        .isEqualTo("https://h.example" + expected);
  }

  @ParameterizedTest
  @CsvSource({
    "/p?a=1&b=2&c,                      other parameters",
    "/p?token,                          no equals sign hides nothing",
    "/p?token=,                         empty value hides nothing",
    "/p?token=REDACTED,                 already redacted",
    "/p?tokens=x&mytoken=y&token_=z,    names differ",
    "/p#?token=x,                       question mark inside the fragment",
    "/p?q=%E2%9C%93&x=%zz&y=a+b,        odd encodings elsewhere",
    "/p?%zz=1&tok%en=2,                 undecodable names",
    "/p,                                no query",
  })
  void returnsTheSameStringWhenThereIsNothingToRedact(String url, String why) {
    assertThat(redaction.url(url)).isSameAs(url);
  }

  @Test
  void keepsEveryOtherByteAsWritten() {
    String url =
        "http://h:8080/a%20b/c|d?q=caf%C3%A9+au+lait&token=t0k&empty=&flag&token=second#frag?token=x";

    assertThat(redaction.url(url))
        .isEqualTo(
            "http://h:8080/a%20b/c|d?q=caf%C3%A9+au+lait&token=REDACTED&empty=&flag&token=REDACTED#frag?token=x");
  }

  @Test
  void valueMayContainEqualsSigns() {
    assertThat(redaction.url("/p?signature=abc==&x=1")).isEqualTo("/p?signature=REDACTED&x=1");
  }

  @Test
  void toleratesALeadingQuestionMarkInAQueryOnItsOwn() {
    assertThat(redaction.decodedQuery("?secret=x")).isEqualTo("?secret=REDACTED");
  }

  @Test
  void aPlusInANameIsASpaceOnceDecoded() {
    UrlRedaction spaced = new UrlRedaction(List.of("my token"), true);

    assertThat(spaced.url("/p?my+token=x&my%20token=y"))
        .isEqualTo("/p?my+token=REDACTED&my%20token=REDACTED");
  }

  @ParameterizedTest
  @CsvSource({
    "https://user:pass@host/,                        https://user:REDACTED@host/",
    "https://user:p%40ss@host:8443/x?y=1,            https://user:REDACTED@host:8443/x?y=1",
    "https://user:pass:word@host,                    https://user:REDACTED@host",
    "https://ghp_token@github.com/org/repo.git,      https://REDACTED@github.com/org/repo.git",
    "postgresql://app:pw@db:5432/orders,             postgresql://app:REDACTED@db:5432/orders",
    "https://user:pass@host/?token=t#f,              https://user:REDACTED@host/?token=REDACTED#f",
    "https://us@er:pa@ss@host/,                      https://us@er:REDACTED@host/",
  })
  void redactsUserinfoPasswordsBecauseUrlsCarryCredentials(String url, String expected) {
    assertThat(redaction.url(url)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://REDACTED:REDACTED@host/",
        "https://user:@host/",
        "https://host/path/@handle",
        "https://host/#u:p@x",
        "/relative/u:p@x",
        "mailto:user@example.com",
        "1http://u:p@x/",
      })
  void leavesUrlsWithoutAuthorityCredentialsAlone(String url) {
    assertThat(redaction.url(url)).isSameAs(url);
  }

  @Test
  void redactsUserinfoEvenWithNoQueryParametersConfigured() {
    UrlRedaction none = new UrlRedaction(List.of(), true);

    assertThat(none.url("https://u:p@h/?token=x")).isEqualTo("https://u:REDACTED@h/?token=x");
  }

  @Test
  void leavesUserinfoWhenToldTo() {
    UrlRedaction paramsOnly = new UrlRedaction(List.of("token"), false);
    String url = "https://u:p@h/?token=x";

    assertThat(paramsOnly.url(url)).isEqualTo("https://u:p@h/?token=REDACTED");
  }

  @Test
  void usesTheConfiguredNamesOnly() {
    UrlRedaction custom = new UrlRedaction(List.of("sid"), true);

    assertThat(custom.decodedQuery("token=2&sid=1")).isEqualTo("token=2&sid=REDACTED");
    assertThat(custom.isSecretParam("SID")).isTrue();
    assertThat(custom.isSecretParam("token")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "token=t&page=2&sort=name           | token=REDACTED&page=2&sort=name",
        "page=2&password=a%26b&sort=name    | page=2&password=REDACTED&sort=name",
        "?secret=x&a=1                      | ?secret=REDACTED&a=1",
        "a=1&token=&b=2&key=9               | a=1&token=&b=2&key=REDACTED",
        "next=http%3A%2F%2Fu%3Ap%40h%2F&a=1 | next=http%3A%2F%2Fu%3AREDACTED%40h%2F&a=1",
      })
  void redactsOnlyEachSecretValueInAQueryAsSent(String query, String expected) {
    assertThat(redaction.sentQuery(query)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "token=t&page=2",
        "a=1&password=p%26q&b=2",
        "next=https%3A%2F%2Fh%2F%3Ftoken%3Dt&x=y",
        "url=http://u:p@h/?secret=s&z=1",
        "page=2",
        "weird=%zz&token=%",
      })
  void redactsAQueryAsSentExactlyAsTheQueryOfAUrl(String query) {
    String url = "https://h/p?" + query;

    assertThat("https://h/p?" + redaction.sentQuery(query)).isEqualTo(redaction.url(url));
  }

  @Test
  void returnsTheSameQueryAsSentWhenThereIsNothingToRedact() {
    String query = "page=2&sort=name";

    assertThat(redaction.sentQuery(query)).isSameAs(query);
  }

  @Test
  void neverSplitsASecretWhoseDecodedValueHoldsAnAmpersand() {
    // The agent writes url.query decoded: ?password=SECRET1%26SECRET2 arrives like this.
    assertThat(redaction.decodedQuery("password=SECRET1&SECRET2")).isEqualTo("password=REDACTED");
    assertThat(redaction.decodedQuery("page=2&password=SECRET1&x=SECRET2"))
        .isEqualTo("page=2&password=REDACTED");
    // As sent, the & is encoded and the value ends at the next separator.
    assertThat(redaction.url("/p?password=SECRET1%26SECRET2&page=2"))
        .isEqualTo("/p?password=REDACTED&page=2");
  }

  @Test
  void redactsAUrlInsideADecodedQuery() {
    assertThat(redaction.decodedQuery("url=http://user:pass@host/x?password=p1&y=z"))
        .isEqualTo("url=http://user:REDACTED@host/x?password=REDACTED");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/call?url=http%3A%2F%2Fuser%3Apass%40host%2Fx%3Fpassword%3Dp1%26y%3Dz&page=2"
            + " | /call?url=http%3A%2F%2Fuser%3AREDACTED%40host%2Fx%3Fpassword%3DREDACTED%26y%3Dz"
            + "&page=2",
        "https://host/p?next=https://u:p@other/ | https://host/p?next=https://u:REDACTED@other/",
        "/cb?redirect=%2Flogin%3Ftoken%3Dabc | /cb?redirect=%2Flogin%3Ftoken%3DREDACTED",
        // Two levels: a URL in a URL in a URL.
        "/a?u=http%3A%2F%2Fh%2F%3Fv%3Dhttp%253A%252F%252Fh%252F%253Fsecret%253Ds3 | "
            + "/a?u=http%3A%2F%2Fh%2F%3Fv%3Dhttp%253A%252F%252Fh%252F%253Fsecret%253DREDACTED",
      })
  void redactsUrlsInsideParameterValues(String url, String expected) {
    assertThat(redaction.url(url)).isEqualTo(expected);
  }

  @Test
  void decodesAroundAStrayPercentSign() {
    assertThat(UrlRedaction.decode("100%+sure%zz%41")).isEqualTo("100% sure%zzA");
  }

  /**
   * Fuzzed (Jazzer; the corpus is {@code UrlRedactionTestInputs/}): lines are the text before a
   * secret parameter, the secret, the text after it, and the nesting depth and parameter to use. A
   * secret placed as any default parameter, among any other text, at any depth of URLs in parameter
   * values, never survives in any form (URL, query as sent, decoded query); nothing throws; the
   * output is bounded.
   */
  @FuzzTest
  void fuzzNoSecretSurvivesInAnyForm(byte[] input) throws Exception {
    String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 4);
    String before = (lines.length > 0 ? lines[0] : "").replace('#', '_');
    String secret = "Zx7Q" + (lines.length > 1 ? lines[1] : "") + "Q7xZ";
    String after = lines.length > 2 ? lines[2] : "";
    String choice = lines.length > 3 ? lines[3] : "";
    if ((before + after).contains("Zx7Q") || (before + after).contains("Q7xZ")) {
      return; // the marker must come from the secret alone
    }
    int depth = choice.isEmpty() ? 0 : choice.charAt(0) % 3;
    List<String> params = ExportSettings.DEFAULT_REDACTED_QUERY_PARAMS;
    String name = params.get(choice.length() % params.size());

    String url =
        "https://h/p?"
            + before
            + "&"
            + name
            + "="
            + URLEncoder.encode(secret, "UTF-8")
            + "&"
            + after;
    for (int level = 0; level < depth; level++) {
      url = "https://h" + level + "/?next=" + URLEncoder.encode(url, "UTF-8");
    }
    String redacted = redaction.url(url);
    String decoded = UrlRedaction.decode(url.substring(url.indexOf('?') + 1));
    String query = redaction.decodedQuery(decoded);
    String sentQuery = redaction.sentQuery(url.substring(url.indexOf('?') + 1));

    for (String out : new String[] {redacted, query, sentQuery}) {
      String text = out;
      for (int level = 0; level <= depth + 1; level++) {
        assertThat(text).as("from %s", url).doesNotContain(secret);
        text = UrlRedaction.decode(text);
      }
      assertThat(out.length()).isLessThanOrEqualTo(1_300 * (url.length() + 8));
    }
  }
}
