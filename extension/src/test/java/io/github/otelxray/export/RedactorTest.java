/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  /** A scope whose url.query may be decoded: the JDK's HttpServer. */
  private static final String JDK_HTTP_SERVER = "io.opentelemetry.java-http-server";

  /** A scope whose url.query is as sent: Tomcat's. */
  private static final String TOMCAT = "io.opentelemetry.tomcat-10.0";

  private final Redactor redactor =
      new Redactor(
          true,
          ExportSettings.DEFAULT_REDACTED_HEADERS,
          ExportSettings.DEFAULT_REDACTED_QUERY_PARAMS);

  /** Every default header, as the agent names the attribute, on requests and responses. */
  static Stream<Arguments> defaultHeaderAttributes() {
    return ExportSettings.DEFAULT_REDACTED_HEADERS.stream()
        .flatMap(
            header ->
                Stream.of("http.request.header.", "http.response.header.")
                    .map(prefix -> Arguments.of(prefix + header.toLowerCase())));
  }

  @ParameterizedTest
  @MethodSource("defaultHeaderAttributes")
  void redactsEveryDefaultHeaderOnRequestsAndResponses(String attribute) {
    Attributes redacted =
        redactor.apply(
            Attributes.of(stringArrayKey(attribute), List.of("Bearer abc")), JDK_HTTP_SERVER);

    assertThat(redacted.get(stringArrayKey(attribute))).containsExactly("REDACTED");
  }

  @Test
  void redactsTheAwsSessionTokenHeaderByDefault() {
    AttributeKey<List<String>> token = stringArrayKey("http.request.header.x-amz-security-token");

    Attributes redacted =
        redactor.apply(Attributes.of(token, List.of("IQoJb3JpZ2luX2VjE...")), JDK_HTTP_SERVER);

    assertThat(redacted.get(token)).containsExactly("REDACTED");
  }

  @Test
  void redactsEachElementOfARepeatedHeader() {
    Attributes redacted =
        redactor.apply(
            Attributes.of(
                stringArrayKey("http.response.header.set-cookie"),
                List.of("session=abc; HttpOnly", "", "csrf=def")),
            JDK_HTTP_SERVER);

    assertThat(redacted.get(stringArrayKey("http.response.header.set-cookie")))
        .containsExactly("REDACTED", "", "REDACTED");
  }

  @ParameterizedTest
  @CsvSource({
    "Authorization,       http.request.header.authorization",
    "AUTHORIZATION,       http.request.header.authorization",
    "authorization,       http.request.header.Authorization",
    "X-Api-Key,           http.request.header.x-api-key",
    "X-Api-Key,           http.request.header.x_api_key",
    "x_api_key,           http.request.header.X-API-KEY",
    "X-Internal-Token,    http.response.header.x-internal-token",
  })
  void comparesHeaderNamesIgnoringCaseAndHyphenOrUnderscore(String configured, String attribute) {
    Redactor custom = new Redactor(true, List.of(configured), List.of());

    Attributes redacted =
        custom.apply(Attributes.of(stringArrayKey(attribute), List.of("secret")), JDK_HTTP_SERVER);

    assertThat(redacted.get(stringArrayKey(attribute))).containsExactly("REDACTED");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http.request.header.authorization-hint",
        "http.request.header.x-authorization",
        "http.request.header.cookies",
        "http.request.header.content-type",
        "http.request.headers.authorization",
        "authorization",
        "app.cookie",
      })
  void leavesOtherHeadersAndLookAlikesAlone(String attribute) {
    Attributes attributes = Attributes.of(stringArrayKey(attribute), List.of("value"));

    assertThat(redactor.apply(attributes, JDK_HTTP_SERVER)).isSameAs(attributes);
  }

  @Test
  void redactsAHeaderCapturedAsAPlainStringOrOtherType() {
    Attributes redacted =
        redactor.apply(
            Attributes.of(
                stringKey("http.request.header.cookie"),
                "a=b",
                longKey("http.request.header.x-api-key"),
                42L),
            JDK_HTTP_SERVER);

    assertThat(redacted.get(stringKey("http.request.header.cookie"))).isEqualTo("REDACTED");
    assertThat(redacted.get(stringKey("http.request.header.x-api-key"))).isEqualTo("REDACTED");
    assertThat(redacted.get(longKey("http.request.header.x-api-key"))).isNull();
    assertThat(redacted.size()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "url.full    | https://u:pw@h/p?token=t&page=2 | https://u:REDACTED@h/p?token=REDACTED&page=2",
        "http.url    | https://u:pw@h/p?token=t&page=2 | https://u:REDACTED@h/p?token=REDACTED&page=2",
        "http.target | /p?password=hunter2&page=2      | /p?password=REDACTED&page=2",
        "url.query   | password=hunter2&page=2         | password=REDACTED",
        "url.query   | password=SECRET1&SECRET2        | password=REDACTED",
        "url.query   | url=http://u:p@h/?token=t&a=b   | url=http://u:REDACTED@h/?token=REDACTED",
      })
  void redactsQueryParametersAndUserinfoInUrlAttributes(
      String attribute, String value, String expected) {
    Attributes redacted =
        redactor.apply(Attributes.of(stringKey(attribute), value), JDK_HTTP_SERVER);

    assertThat(redacted.get(stringKey(attribute))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.opentelemetry.tomcat-10.0",
        "io.opentelemetry.servlet-5.0",
        "io.opentelemetry.jetty-12.0",
        "io.opentelemetry.undertow-1.4",
        "io.opentelemetry.netty-4.1",
      })
  void redactsOnlyTheSecretValueOfAQueryTheServerWroteAsSent(String scope) {
    Attributes redacted =
        redactor.apply(
            Attributes.of(stringKey("url.query"), "token=t&page=2&sort=name&password=a%26b&x=1"),
            scope);

    assertThat(redacted.get(stringKey("url.query")))
        .isEqualTo("token=REDACTED&page=2&sort=name&password=REDACTED&x=1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.opentelemetry.java-http-server",
        "io.opentelemetry.spring-webflux-5.3",
        "io.opentelemetry.liberty-dispatcher-20.0",
        "com.example.handwritten",
        "",
      })
  void cutsAQueryFromTheFirstSecretOnWhereTheServerMayHaveDecodedIt(String scope) {
    Attributes redacted =
        redactor.apply(Attributes.of(stringKey("url.query"), "page=2&token=t&sort=name"), scope);

    assertThat(redacted.get(stringKey("url.query"))).isEqualTo("page=2&token=REDACTED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"io.opentelemetry.java-http-server", "io.opentelemetry.tomcat-10.0"})
  void redactsFullUrlsAsSentWhateverTheScope(String scope) {
    Attributes redacted =
        redactor.apply(
            Attributes.of(stringKey("url.full"), "https://h/p?token=t&page=2&sort=name"), scope);

    assertThat(redacted.get(stringKey("url.full")))
        .isEqualTo("https://h/p?token=REDACTED&page=2&sort=name");
  }

  @Test
  void returnsTheSameAttributesForAQueryWithoutSecretsInEitherForm() {
    Attributes attributes = Attributes.of(stringKey("url.query"), "page=2&sort=name");

    assertThat(redactor.apply(attributes, TOMCAT)).isSameAs(attributes);
    assertThat(redactor.apply(attributes, JDK_HTTP_SERVER)).isSameAs(attributes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"url.path", "http.route", "app.callback", "db.statement"})
  void leavesUrlLikeValuesOfOtherAttributesAlone(String attribute) {
    Attributes attributes = Attributes.of(stringKey(attribute), "/p?token=t");

    assertThat(redactor.apply(attributes, JDK_HTTP_SERVER)).isSameAs(attributes);
  }

  @Test
  void returnsTheSameAttributesWhenNothingIsSecret() {
    Attributes attributes =
        Attributes.builder()
            .put("url.full", "https://h/p?page=2")
            .put("url.query", "page=2")
            .put(stringArrayKey("http.request.header.accept"), List.of("*/*"))
            .put(stringArrayKey("http.request.header.authorization"), List.of("REDACTED"))
            .put("http.response.status_code", 200L)
            .build();

    assertThat(redactor.apply(attributes, JDK_HTTP_SERVER)).isSameAs(attributes);
  }

  @Test
  void keepsEveryOtherAttribute() {
    Attributes redacted =
        redactor.apply(
            Attributes.builder()
                .put("url.full", "https://h/p?token=t")
                .put("http.request.method", "GET")
                .put("http.response.status_code", 200L)
                .put(stringArrayKey("http.request.header.accept"), List.of("*/*"))
                .build(),
            JDK_HTTP_SERVER);

    assertThat(redacted.asMap()).hasSize(4);
    assertThat(redacted.get(stringKey("http.request.method"))).isEqualTo("GET");
    assertThat(redacted.get(longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(redacted.get(stringArrayKey("http.request.header.accept"))).containsExactly("*/*");
  }

  @Test
  void turnedOffRedactsNothingNotEvenUserinfo() {
    Redactor off =
        new Redactor(
            false,
            ExportSettings.DEFAULT_REDACTED_HEADERS,
            ExportSettings.DEFAULT_REDACTED_QUERY_PARAMS);
    Attributes attributes =
        Attributes.builder()
            .put("url.full", "https://u:pw@h/p?token=t")
            .put(stringArrayKey("http.request.header.authorization"), List.of("Bearer abc"))
            .build();

    assertThat(off.isEmpty()).isTrue();
    assertThat(off.apply(attributes, JDK_HTTP_SERVER)).isSameAs(attributes);
    assertThat(off.isSecretName("password")).isFalse();
    assertThat(off.text("https://u:pw@h/")).isEqualTo("https://u:pw@h/");
  }

  @Test
  void emptyListsStillRedactUserinfoWhileOn() {
    Redactor userinfoOnly = new Redactor(true, List.of(), List.of());

    Attributes redacted =
        userinfoOnly.apply(
            Attributes.of(stringKey("http.url"), "https://u:pw@h/?token=t"), JDK_HTTP_SERVER);

    assertThat(redacted.get(stringKey("http.url"))).isEqualTo("https://u:REDACTED@h/?token=t");
  }

  @ParameterizedTest
  @CsvSource({
    "password,           true",
    "PASSWORD,           true",
    "app.password,       true",
    "user.api_key,       true",
    "authorization,      true",
    "x-api-key,          true",
    "x_api_key,          true",
    "X-Amz-Security-Token, true",
    "order_id,           false",
    "password.length,    false",
    "passwords,          false",
    "tenant,             false",
  })
  void namesASecretByTheRedactedHeaderAndParameterNames(String name, boolean secret) {
    assertThat(redactor.isSecretName(name)).isEqualTo(secret);
  }

  @Test
  void redactsUrlSecretsInFreeText() {
    assertThat(redactor.text("https://u:pw@h/cb?sig=1&token=x"))
        .isEqualTo("https://u:REDACTED@h/cb?sig=1&token=REDACTED");
    String plain = "order 42";
    assertThat(redactor.text(plain)).isSameAs(plain);
  }
}
