/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RawQueryScopesTest {

  /** The agent's server instrumentations whose url.query getter returns the undecoded query. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.opentelemetry.tomcat-7.0",
        "io.opentelemetry.tomcat-10.0",
        "io.opentelemetry.servlet-2.2",
        "io.opentelemetry.servlet-3.0",
        "io.opentelemetry.servlet-5.0",
        "io.opentelemetry.jetty-8.0",
        "io.opentelemetry.jetty-11.0",
        "io.opentelemetry.jetty-12.0",
        "io.opentelemetry.liberty-20.0",
        "io.opentelemetry.spring-webmvc-6.0",
        "io.opentelemetry.undertow-1.4",
        "io.opentelemetry.netty-3.8",
        "io.opentelemetry.netty-4.1",
        "io.opentelemetry.ktor-3.0",
        "io.opentelemetry.akka-http-10.0",
        "io.opentelemetry.pekko-http-1.0",
        "io.opentelemetry.helidon-4.3",
        "io.opentelemetry.tomcat-12.0",
      })
  void knowsTheServersThatWriteTheQueryAsSentInAnyVersion(String scope) {
    assertThat(RawQueryScopes.writeQueryAsSent(scope)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        // URI.getQuery(): decoded
        "io.opentelemetry.java-http-server",
        "io.opentelemetry.spring-webflux-5.3",
        // not read, so not trusted
        "io.opentelemetry.liberty-dispatcher-20.0",
        "io.opentelemetry.grizzly-2.3",
        // look-alikes of listed families
        "io.opentelemetry.tomcat",
        "io.opentelemetry.tomcat-",
        "io.opentelemetry.tomcat-dbcp-8.0",
        "io.opentelemetry.tomcatx-10.0",
        "io.opentelemetry.jetty-httpclient-12.0",
        "io.opentelemetry.netty",
        // not the agent's
        "tomcat-10.0",
        "com.example.tomcat-10.0",
        "io.opentelemetry.contrib.tomcat-10.0",
        "IO.OPENTELEMETRY.TOMCAT-10.0",
      })
  void keepsDecodingUnreadAndLookAlikeScopesOutside(String scope) {
    assertThat(RawQueryScopes.writeQueryAsSent(scope)).isFalse();
  }
}
