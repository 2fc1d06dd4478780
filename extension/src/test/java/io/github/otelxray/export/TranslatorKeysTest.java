/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.export.TranslatorKeys.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TranslatorKeysTest {

  private static final String KEY = "otel.aws.xray.annotations";

  @ParameterizedTest
  @CsvSource({
    "http.request.method,               CONSUMED",
    "http.method,                       CONSUMED",
    "url.full,                          CONSUMED",
    "url.path,                          CONSUMED",
    "url.query,                         CONSUMED",
    "url.scheme,                        CONSUMED",
    "http.url,                          CONSUMED",
    "http.target,                       CONSUMED",
    "http.response.status_code,         CONSUMED",
    "http.status_code,                  CONSUMED",
    "server.address,                    CONSUMED",
    "server.port,                       CONSUMED",
    "client.address,                    CONSUMED",
    "user_agent.original,               CONSUMED",
    "net.peer.name,                     CONSUMED",
    "net.sock.peer.addr,                CONSUMED",
    "aws.operation,                     CONSUMED",
    "aws.account_id,                    CONSUMED",
    "aws.region,                        CONSUMED",
    "aws.request_id,                    CONSUMED",
    "aws.requestId,                     CONSUMED",
    "aws.queue_url,                     CONSUMED",
    "aws.table_name,                    CONSUMED",
    "rpc.method,                        CONSUMED",
    "db.statement,                      CONSUMED",
    "db.system,                         CONSUMED",
    "exception.message,                 CONSUMED",
    "enduser.id,                        CONSUMED",
    "http.request.header.x-tenant,      HEADER",
    "http.response.header.content-type, HEADER",
    "aws.xray.annotations,              CONTROL",
    "aws.xray.annotation.tenant,        CONTROL",
    "aws.xray.metadata.orders,          CONTROL",
  })
  void namesWhyAKeyCannotBeAnAnnotation(String key, Reason reason) {
    assertThat(TranslatorKeys.reason(key)).isEqualTo(reason);
    assertThat(TranslatorKeys.annotatable(key)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "order_id",
        "tenant",
        "app.tier",
        "http.route",
        "aws.service",
        "aws.xray.sampling_rule",
        "peer.service",
        "dbx.name",
        "network.protocol.version",
        "enduser.role"
      })
  void leavesOtherKeysAnnotatable(String key) {
    assertThat(TranslatorKeys.reason(key)).isNull();
    assertThat(TranslatorKeys.annotatable(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http.request.method", "aws.region", "db.statement", "enduser.id"})
  void warnsThatAConsumedNameNeedsTheCollectorsIndexedAttributes(String name) {
    assertThat(TranslatorKeys.warningFor(KEY, AttributeGlob.compile(name)))
        .contains(KEY, "'" + name + "'", "indexed_attributes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http.request.header.x-tenant", "http.response.header.etag"})
  void warnsThatAHeaderCannotBeIndexed(String name) {
    assertThat(TranslatorKeys.warningFor(KEY, AttributeGlob.compile(name)))
        .contains(KEY, "'" + name + "'", "string array", "aws.xray.annotation.<name>");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http.*     | http.method, http.request.method and 8 more",
        "db.*       | db.*",
        "d*         | db.*",
        "aws.*      | aws.account_id",
        "*.id       | enduser.id",
        "*          | indexed_attributes",
      })
  void warnsThatAGlobAlsoMatchesConsumedKeys(String glob, String mentioned) {
    assertThat(TranslatorKeys.warningFor(KEY, AttributeGlob.compile(glob)))
        .contains(KEY, "'" + glob + "'", mentioned, "indexed_attributes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http.*", "http.re*", "*"})
  void warnsThatAGlobAlsoMatchesHeaders(String glob) {
    assertThat(TranslatorKeys.warningFor(KEY, AttributeGlob.compile(glob)))
        .contains("captured HTTP headers");
  }

  @ParameterizedTest
  @ValueSource(strings = {"order_id", "app.*", "tenant?", "*.tier", "aws.xray.sampling_rule"})
  void doesNotWarnAboutPatternsThatCanWork(String pattern) {
    assertThat(TranslatorKeys.warningFor(KEY, AttributeGlob.compile(pattern))).isNull();
  }
}
