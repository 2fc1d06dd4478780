/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportSettingsTest {

  private final List<String> warnings = new ArrayList<>();

  private ExportSettings settings(Map<String, String> properties) {
    return ExportSettings.from(DefaultConfigProperties.createFromMap(properties), warnings::add);
  }

  @Test
  void redactsTheDocumentedDefaultsAndIndexesNothingWhenNothingIsSet() {
    ExportSettings settings = settings(Map.of());

    assertThat(settings.annotations()).isEmpty();
    assertThat(settings.redactionEnabled()).isTrue();
    assertThat(settings.redactedHeaders())
        .containsExactly(
            "Authorization",
            "Proxy-Authorization",
            "Cookie",
            "Set-Cookie",
            "X-Api-Key",
            "X-Amz-Security-Token");
    assertThat(settings.redactedQueryParams())
        .containsExactly(
            "password",
            "passwd",
            "secret",
            "token",
            "access_token",
            "api_key",
            "apikey",
            "key",
            "signature",
            "X-Amz-Signature",
            "X-Amz-Credential",
            "X-Amz-Security-Token");
    assertThat(warnings).isEmpty();
  }

  @Test
  void defaultsEqualsReadingNothing() {
    assertThat(ExportSettings.defaults().toString()).isEqualTo(settings(Map.of()).toString());
  }

  @Test
  void readsAnnotationNamesAndGlobsTrimmed() {
    ExportSettings settings =
        settings(Map.of("otel.aws.xray.annotations", " order_id, tenant ,app.*,,*.id"));

    assertThat(settings.annotations()).containsExactly("order_id", "tenant", "app.*", "*.id");
    assertThat(warnings).isEmpty();
  }

  @Test
  void keepsAnnotationNamesCaseSensitivelyDistinct() {
    assertThat(settings(Map.of("otel.aws.xray.annotations", "tenant,Tenant,tenant")).annotations())
        .containsExactly("tenant", "Tenant");
  }

  @Test
  void userListsReplaceTheDefaults() {
    ExportSettings settings =
        settings(
            Map.of(
                "otel.aws.xray.redact.headers", "X-Internal-Token",
                "otel.aws.xray.redact.query-params", "sid,auth"));

    assertThat(settings.redactedHeaders()).containsExactly("X-Internal-Token");
    assertThat(settings.redactedQueryParams()).containsExactly("sid", "auth");
  }

  @Test
  void dropsRepeatedRedactionNamesIgnoringCase() {
    assertThat(
            settings(Map.of("otel.aws.xray.redact.headers", "Cookie,cookie,COOKIE,X-Key"))
                .redactedHeaders())
        .containsExactly("Cookie", "X-Key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"otel.aws.xray.redact.headers", "otel.aws.xray.redact.query-params"})
  void emptyListCountsAsUnsetSoRedactionCannotBeLostByAccident(String key) {
    ExportSettings settings = settings(Map.of(key, "  "));

    assertThat(settings.redactedHeaders()).isEqualTo(ExportSettings.DEFAULT_REDACTED_HEADERS);
    assertThat(settings.redactedQueryParams())
        .isEqualTo(ExportSettings.DEFAULT_REDACTED_QUERY_PARAMS);
    assertThat(warnings).isEmpty();
  }

  @Test
  void noneRedactsNothingOfThatKindOnly() {
    ExportSettings settings = settings(Map.of("otel.aws.xray.redact.headers", "None"));

    assertThat(settings.redactedHeaders()).isEmpty();
    assertThat(settings.redactedQueryParams())
        .isEqualTo(ExportSettings.DEFAULT_REDACTED_QUERY_PARAMS);
    assertThat(settings.redactionEnabled()).isTrue();
  }

  @Test
  void noneIsAnOrdinaryNameForAnnotations() {
    assertThat(settings(Map.of("otel.aws.xray.annotations", "none")).annotations())
        .containsExactly("none");
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "FALSE", " false "})
  void explicitFalseTurnsRedactionOff(String value) {
    ExportSettings settings =
        settings(
            Map.of(
                "otel.aws.xray.redact.enabled",
                value,
                "otel.aws.xray.redact.headers",
                "Authorization"));

    assertThat(settings.redactionEnabled()).isFalse();
    assertThat(settings.redactedHeaders()).isEmpty();
    assertThat(settings.redactedQueryParams()).isEmpty();
    assertThat(settings.toString()).contains("redaction=off");
  }

  @ParameterizedTest
  @ValueSource(strings = {"no", "0", "off", "disabled"})
  void unclearSwitchKeepsRedactionOnWithOneWarning(String value) {
    ExportSettings settings = settings(Map.of("otel.aws.xray.redact.enabled", value));

    assertThat(settings.redactionEnabled()).isTrue();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("otel.aws.xray.redact.enabled", "'" + value + "'", "using true");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "otel.aws.xray.annotations         | order_id,ten ant      | ten ant",
        "otel.aws.xray.annotations         | app.[a-z]            | app.[a-z]",
        "otel.aws.xray.annotations         | app.{x,y}            | app.{x",
        "otel.aws.xray.annotations         | tenänt               | tenänt",
        "otel.aws.xray.redact.headers      | Authorization,X Token | X Token",
        "otel.aws.xray.redact.headers      | X-Token:             | X-Token:",
        "otel.aws.xray.redact.headers      | (cookie)             | (cookie)",
        "otel.aws.xray.redact.query-params | a=b                  | a=b",
        "otel.aws.xray.redact.query-params | tok en               | tok en",
        "otel.aws.xray.redact.query-params | token,x&y            | x&y",
      })
  void invalidEntryWarnsOnceNamingKeyAndValueThenUsesTheDefault(
      String key, String value, String entry) {
    ExportSettings settings = settings(Map.of(key, value));

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(key, "'" + value + "'", "'" + entry + "'", "using the default");
    assertThat(settings.annotations()).isEmpty();
    assertThat(settings.redactedHeaders()).isEqualTo(ExportSettings.DEFAULT_REDACTED_HEADERS);
    assertThat(settings.redactedQueryParams())
        .isEqualTo(ExportSettings.DEFAULT_REDACTED_QUERY_PARAMS);
  }

  @Test
  void quotesAnInvalidEntryEscapedSoItCannotForgeALogLine() {
    settings(Map.of("otel.aws.xray.redact.headers", "X-Token\n[otel.javaagent] INFO FORGED\u001b"));

    assertThat(warnings)
        .singleElement()
        .asString()
        .doesNotContain("\n")
        .doesNotContain("\u001b")
        .contains("X-Token\\n[otel.javaagent] INFO FORGED\\u001b");
  }

  @Test
  void acceptsNonAsciiAndPunctuationInQueryParamNamesSinceTheyAreComparedDecoded() {
    assertThat(
            settings(Map.of("otel.aws.xray.redact.query-params", "clé,x.sig,a[b]"))
                .redactedQueryParams())
        .containsExactly("clé", "x.sig", "a[b]");
    assertThat(warnings).isEmpty();
  }

  @Test
  void describesItselfForTheStartUpLog() {
    assertThat(
            settings(
                    Map.of(
                        "otel.aws.xray.annotations", "tenant,app.*",
                        "otel.aws.xray.redact.headers", "Cookie",
                        "otel.aws.xray.redact.query-params", "none"))
                .toString())
        .isEqualTo("annotations=tenant,app.*, redaction=headers[Cookie] query-params[]");
  }
}
