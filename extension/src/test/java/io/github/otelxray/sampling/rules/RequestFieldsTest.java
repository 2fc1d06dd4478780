/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestFieldsTest {

  private static AttributeKey<String> key(String name) {
    return AttributeKey.stringKey(name);
  }

  @Test
  void readsHostFromServerAddressFirst() {
    Attributes attributes =
        Attributes.builder()
            .put(key("server.address"), "new.example.com")
            .put(key("net.host.name"), "old.example.com")
            .put(key("http.host"), "oldest.example.com")
            .build();

    assertThat(RequestFields.host(attributes)).isEqualTo("new.example.com");
  }

  @ParameterizedTest
  @CsvSource({"net.host.name", "http.host"})
  void fallsBackToOldHostAttributes(String oldKey) {
    assertThat(RequestFields.host(Attributes.of(key(oldKey), "old.example.com")))
        .isEqualTo("old.example.com");
  }

  @Test
  void prefersNetHostNameOverHttpHost() {
    Attributes attributes =
        Attributes.of(key("net.host.name"), "a.example.com", key("http.host"), "b.example.com");

    assertThat(RequestFields.host(attributes)).isEqualTo("a.example.com");
  }

  @Test
  void returnsNullWhenNoRequestValueIsPresent() {
    assertThat(RequestFields.host(Attributes.empty())).isNull();
    assertThat(RequestFields.method(Attributes.empty())).isNull();
    assertThat(RequestFields.path(Attributes.empty())).isNull();
  }

  @Test
  void readsMethodFromHttpRequestMethodFirst() {
    Attributes attributes =
        Attributes.of(key("http.request.method"), "POST", key("http.method"), "GET");

    assertThat(RequestFields.method(attributes)).isEqualTo("POST");
  }

  @Test
  void fallsBackToHttpMethod() {
    assertThat(RequestFields.method(Attributes.of(key("http.method"), "DELETE")))
        .isEqualTo("DELETE");
  }

  @Test
  void usesTheOriginalMethodWhenTheStableOneIsOther() {
    Attributes attributes =
        Attributes.of(
            key("http.request.method"), "_OTHER", key("http.request.method_original"), "PURGE");

    assertThat(RequestFields.method(attributes)).isEqualTo("PURGE");
  }

  @Test
  void keepsOtherWhenTheOriginalMethodIsMissing() {
    assertThat(RequestFields.method(Attributes.of(key("http.request.method"), "_OTHER")))
        .isEqualTo("_OTHER");
  }

  @Test
  void ignoresTheOriginalMethodUnlessTheStableOneIsOther() {
    Attributes attributes =
        Attributes.of(
            key("http.request.method"), "GET", key("http.request.method_original"), "get");

    assertThat(RequestFields.method(attributes)).isEqualTo("GET");
  }

  @Test
  void readsPathFromUrlPathFirst() {
    Attributes attributes =
        Attributes.builder()
            .put(key("url.path"), "/new")
            .put(key("http.target"), "/old?x=1")
            .put(key("url.full"), "https://example.com/full")
            .put(key("http.url"), "https://example.com/oldfull")
            .build();

    assertThat(RequestFields.path(attributes)).isEqualTo("/new");
  }

  @Test
  void fallsBackToHttpTargetBeforeAnyFullUrl() {
    Attributes attributes =
        Attributes.of(key("http.target"), "/old?x=1", key("url.full"), "https://example.com/full");

    assertThat(RequestFields.path(attributes)).isEqualTo("/old?x=1");
  }

  @Test
  void prefersUrlFullOverHttpUrl() {
    Attributes attributes =
        Attributes.of(
            key("url.full"), "https://example.com/new", key("http.url"), "https://example.com/old");

    assertThat(RequestFields.path(attributes)).isEqualTo("/new");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      value = {
        "https://example.com/orders/7?expand=items | /orders/7?expand=items",
        "http://example.com:8080/a/b              | /a/b",
        "https://example.com                      | /",
        "https://example.com:8443                 | /",
        "https://user@example.com/x               | /x",
        "https://example.com/                     | /",
      },
      delimiter = '|')
  void takesThePathAndQueryOfAFullUrl(String url, String path) {
    assertThat(RequestFields.path(Attributes.of(key("url.full"), url))).isEqualTo(path);
    assertThat(RequestFields.path(Attributes.of(key("http.url"), url))).isEqualTo(path);
  }

  @ParameterizedTest
  @CsvSource({"example.com/orders", "/orders", "''"})
  void findsNoPathInAUrlWithoutScheme(String url) {
    assertThat(RequestFields.pathOf(url)).isNull();
    assertThat(RequestFields.path(Attributes.of(key("url.full"), url))).isNull();
  }
}
