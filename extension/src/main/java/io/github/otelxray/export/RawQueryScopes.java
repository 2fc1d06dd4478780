/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

/**
 * The instrumentations known to write {@code url.query} as the client sent it, still
 * percent-encoded, so that every {@code &} in it separates two parameters and a secret's value ends
 * at the next one.
 *
 * <p>Known from each one's {@code getUrlQuery} in opentelemetry-java-instrumentation, by the
 * instrumentation scope name the agent gives its spans ({@code io.opentelemetry.<name>-<version>}):
 *
 * <ul>
 *   <li>{@code tomcat}: the connector's undecoded query bytes;
 *   <li>{@code servlet}, {@code jetty} 8 and 11, {@code liberty}, {@code spring-webmvc}: {@code
 *       HttpServletRequest.getQueryString()}, which the servlet specification leaves undecoded;
 *   <li>{@code jetty} 12: {@code HttpURI.getQuery()}, the raw query (Jetty decodes only paths);
 *   <li>{@code undertow}: {@code HttpServerExchange.getQueryString()}, undecoded;
 *   <li>{@code netty}, {@code ktor}: the request target after its {@code ?};
 *   <li>{@code akka-http}, {@code pekko-http}: {@code rawQueryString}; {@code helidon}: {@code
 *       rawValue()}.
 * </ul>
 *
 * <p>Not here, so they keep the safe cut: the JDK's {@code HttpServer} ({@code java-http-server})
 * and Spring WebFlux's library instrumentation, which read {@code java.net.URI.getQuery()}, the
 * decoded query; instrumentations we have not read; and every scope not named {@code
 * io.opentelemetry.*} (hand-written or other vendors' instrumentation), whose form we cannot know.
 * A family is matched with any version, as each family reads its query the same way in all of them;
 * {@code liberty-dispatcher} is a family of its own and not listed.
 */
final class RawQueryScopes {

  private static final String PREFIX = "io.opentelemetry.";

  private static final String[] FAMILIES = {
    "tomcat",
    "servlet",
    "jetty",
    "liberty",
    "spring-webmvc",
    "undertow",
    "netty",
    "ktor",
    "akka-http",
    "pekko-http",
    "helidon",
  };

  private RawQueryScopes() {}

  /**
   * Whether spans of the scope {@code name} carry {@code url.query} as sent: {@code
   * io.opentelemetry.} then a listed family, a {@code -} and a version digit. Compares in place, no
   * allocation.
   */
  static boolean writeQueryAsSent(String name) {
    if (name == null || !name.startsWith(PREFIX)) {
      return false;
    }
    for (String family : FAMILIES) {
      int dash = PREFIX.length() + family.length();
      if (name.length() > dash + 1
          && name.startsWith(family, PREFIX.length())
          && name.charAt(dash) == '-'
          && isDigit(name.charAt(dash + 1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
