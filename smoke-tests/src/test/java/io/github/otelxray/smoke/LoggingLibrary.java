/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The logging libraries of the log correlation matrix ({@link LogCorrelationSmokeTest}): the sample
 * app's main class for each, the jars it needs, and the configuration it runs with. Each
 * configuration logs through two appenders to stdout: the pattern the README gives users, verbatim,
 * behind the library's asynchronous appender, and a line with the agent's own {@code trace_id} and
 * {@code span_id} next to ours ({@link #AGENT_KEYS_PREFIX}).
 */
enum LoggingLibrary {
  LOGBACK(
      "io.github.otelxray.smoke.app.logging.LogbackService",
      "logback.configurationFile",
      "logback.xml",
      List.of(
          "ch.qos.logback.classic.LoggerContext",
          "ch.qos.logback.core.Appender",
          "org.slf4j.LoggerFactory"),
      // The agent's own Logback appender reads each event's MDC as it enters the logger's
      // appenders; its records, printed by the console exporter, show what it read of ours.
      Map.of(
          "otel.logs.exporter",
          "console",
          "otel.instrumentation.logback-appender.experimental.mdc-attributes.included",
          "AWS-XRAY-TRACE-ID")),
  LOG4J(
      "io.github.otelxray.smoke.app.logging.Log4jService",
      "log4j2.configurationFile",
      "log4j2.xml",
      List.of("org.apache.logging.log4j.LogManager", "org.apache.logging.log4j.core.Logger")),
  /**
   * Log4j in garbage-free mode: reused events, and context data copied into each event's reusable
   * map, which the extension then writes in place. A stale id would survive in that map.
   */
  LOG4J_GARBAGE_FREE(
      LOG4J.mainClass,
      LOG4J.configProperty,
      LOG4J.configFileName,
      LOG4J.jarsOf,
      Map.of("log4j2.enableThreadlocals", "true", "log4j2.garbagefreeThreadContextMap", "true"));

  /** The Logback pattern the README gives; used verbatim. */
  static final String LOGBACK_PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg %X{AWS-XRAY-TRACE-ID}%n";

  /** The Log4j 2 pattern the README gives; used verbatim. */
  static final String LOG4J_PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} [%t] %-5level %logger{36} - %msg %X{AWS-XRAY-TRACE-ID}%n";

  static final String KEY = "AWS-XRAY-TRACE-ID";

  /** The agent's keys and ours, for the same event, separated by '|'. */
  static final String AGENT_KEYS_PREFIX = "agent-keys ";

  final String mainClass;
  final String configProperty;
  final String configFileName;
  final List<String> jarsOf;
  final Map<String, String> properties;

  LoggingLibrary(
      String mainClass, String configProperty, String configFileName, List<String> jarsOf) {
    this(mainClass, configProperty, configFileName, jarsOf, Map.of());
  }

  LoggingLibrary(
      String mainClass,
      String configProperty,
      String configFileName,
      List<String> jarsOf,
      Map<String, String> properties) {
    this.mainClass = mainClass;
    this.configProperty = configProperty;
    this.configFileName = configFileName;
    this.jarsOf = jarsOf;
    this.properties = properties;
  }

  @Override
  public String toString() {
    return switch (this) {
      case LOGBACK -> "Logback";
      case LOG4J -> "Log4j 2";
      case LOG4J_GARBAGE_FREE -> "Log4j 2 garbage-free";
    };
  }

  String config() {
    return switch (this) {
      case LOGBACK ->
          """
          <configuration>
            <appender name="README" class="ch.qos.logback.core.ConsoleAppender">
              <encoder><pattern>%s</pattern></encoder>
            </appender>
            <appender name="ASYNC" class="ch.qos.logback.classic.AsyncAppender">
              <appender-ref ref="README"/>
            </appender>
            <appender name="AGENT_KEYS" class="ch.qos.logback.core.ConsoleAppender">
              <encoder>
                <pattern>%s[%%thread] %%msg|%%X{trace_id}|%%X{span_id}|%%X{%s}%%n</pattern>
              </encoder>
            </appender>
            <root level="INFO">
              <appender-ref ref="ASYNC"/>
              <appender-ref ref="AGENT_KEYS"/>
            </root>
          </configuration>
          """
              .formatted(LOGBACK_PATTERN, AGENT_KEYS_PREFIX, KEY);
      case LOG4J, LOG4J_GARBAGE_FREE ->
          """
          <Configuration status="warn">
            <Appenders>
              <Console name="README" target="SYSTEM_OUT">
                <PatternLayout pattern="%s"/>
              </Console>
              <Async name="ASYNC">
                <AppenderRef ref="README"/>
              </Async>
              <Console name="AGENT_KEYS" target="SYSTEM_OUT">
                <PatternLayout
                    pattern="%s[%%t] %%msg|%%X{trace_id}|%%X{span_id}|%%X{%s}%%n"/>
              </Console>
            </Appenders>
            <Loggers>
              <Root level="info">
                <AppenderRef ref="ASYNC"/>
                <AppenderRef ref="AGENT_KEYS"/>
              </Root>
            </Loggers>
          </Configuration>
          """
              .formatted(LOG4J_PATTERN, AGENT_KEYS_PREFIX, KEY);
    };
  }

  List<Path> jars() {
    return jarsOf.stream().map(LoggingLibrary::jarOf).distinct().toList();
  }

  /** The jar the test's own class path loads {@code className} from (Maven's local copy). */
  private static Path jarOf(String className) {
    try {
      return Path.of(
          Class.forName(className, false, LoggingLibrary.class.getClassLoader())
              .getProtectionDomain()
              .getCodeSource()
              .getLocation()
              .toURI());
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new IllegalStateException(className + " is not on the test class path", e);
    }
  }
}
