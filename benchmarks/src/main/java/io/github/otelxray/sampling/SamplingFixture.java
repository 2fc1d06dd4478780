/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Locale;

/**
 * What every sampler benchmark decides on: one rule set, served to contrib as X-Ray JSON and parsed
 * from the same JSON for ours, and the attributes of an incoming HTTP request.
 *
 * <p>Rules {@code rule-000} .. {@code rule-NNN} (priorities 1..N) each match {@code Host
 * *.example.com}, {@code HTTPMethod GET} and their own {@code URLPath /api/svcNNN/*}; {@code
 * Default} (priority 10000, all {@code *}) comes last, as X-Ray always sends it. Every rule has
 * reservoir 1/s and rate 0.05, so the measured path is nearly always "reservoir spent, ratio says
 * drop" (the first request of each second is borrowed).
 */
public final class SamplingFixture {

  /** Which rule the request matches. */
  public enum Match {
    /** {@code rule-000}: the first rule checked. */
    FIRST,
    /** {@code rule-(N-1)}: every specific rule is checked. */
    LAST,
    /** {@code /health}: no specific rule, {@code Default} decides. */
    NONE
  }

  /** Which attribute names the request carries. */
  public enum Semconv {
    /**
     * Stable HTTP semantic conventions ({@code http.request.method}, {@code url.path}, {@code
     * server.address}, ...), what agent 2.x writes: what users really pass to a sampler today.
     */
    NEW,
    /**
     * The old names ({@code http.method}, {@code http.target}, {@code net.host.name}, ...), the
     * only ones contrib 1.43.0 reads.
     */
    OLD
  }

  /** A trace id whose low 64 bits lie above 5 % of the range: the ratio decision is "drop". */
  public static final String TRACE_ID = "5759e988bd862e3fe1be46a994272793";

  static final String HOST = "shop.example.com";

  private SamplingFixture() {}

  /** The resource of an EC2 service named {@code checkout}. */
  public static Resource resource() {
    return Resource.getDefault()
        .merge(
            Resource.create(
                Attributes.of(
                    AttributeKey.stringKey("service.name"), "checkout",
                    AttributeKey.stringKey("cloud.provider"), "aws",
                    AttributeKey.stringKey("cloud.platform"), "aws_ec2")));
  }

  static String ruleName(int index) {
    return String.format(Locale.ROOT, "rule-%03d", index);
  }

  /** The rule that should decide, by name. */
  public static String expectedRule(int ruleCount, Match match) {
    switch (match) {
      case FIRST:
        return ruleName(0);
      case LAST:
        return ruleName(ruleCount - 1);
      default:
        return "Default";
    }
  }

  static String path(int ruleCount, Match match) {
    switch (match) {
      case FIRST:
        return String.format(Locale.ROOT, "/api/svc%03d/orders/42", 0);
      case LAST:
        return String.format(Locale.ROOT, "/api/svc%03d/orders/42", ruleCount - 1);
      default:
        return "/health";
    }
  }

  /**
   * The attributes an HTTP server span starts with, as the agent's HTTP server instrumentation
   * passes them to the sampler: the three that rules read plus the usual others (scheme, port,
   * protocol version, user agent, client address), so a sampler that scans every attribute pays
   * what it would pay in production.
   */
  public static Attributes requestAttributes(int ruleCount, Match match, Semconv semconv) {
    String path = path(ruleCount, match);
    if (semconv == Semconv.NEW) {
      return Attributes.builder()
          .put("http.request.method", "GET")
          .put("url.scheme", "https")
          .put("url.path", path)
          .put("server.address", HOST)
          .put("server.port", 443L)
          .put("network.protocol.version", "1.1")
          .put("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) bench/1.0")
          .put("client.address", "203.0.113.7")
          .build();
    }
    return Attributes.builder()
        .put("http.method", "GET")
        .put("http.scheme", "https")
        .put("http.target", path)
        .put("net.host.name", HOST)
        .put("net.host.port", 443L)
        .put("net.protocol.version", "1.1")
        .put("http.user_agent", "Mozilla/5.0 (X11; Linux x86_64) bench/1.0")
        .put("http.client_ip", "203.0.113.7")
        .build();
  }

  /** A {@code GetSamplingRules} answer with {@code ruleCount} rules plus {@code Default}. */
  public static String rulesJson(int ruleCount) {
    StringBuilder json = new StringBuilder("{\"SamplingRuleRecords\":[");
    for (int i = 0; i < ruleCount; i++) {
      record(
          json,
          ruleName(i),
          i + 1,
          "*.example.com",
          "GET",
          String.format(Locale.ROOT, "/api/svc%03d/*", i));
      json.append(',');
    }
    record(json, "Default", 10000, "*", "*", "*");
    return json.append("]}").toString();
  }

  private static void record(
      StringBuilder json, String name, int priority, String host, String method, String path) {
    json.append("{\"CreatedAt\":1.7632E9,\"ModifiedAt\":1.7632E9,\"SamplingRule\":{")
        .append("\"RuleName\":\"")
        .append(name)
        .append("\",")
        .append("\"RuleARN\":\"arn:aws:xray:us-east-1:123456789012:sampling-rule/")
        .append(name)
        .append("\",")
        .append("\"ResourceARN\":\"*\",")
        .append("\"Priority\":")
        .append(priority)
        .append(',')
        .append("\"FixedRate\":0.05,")
        .append("\"ReservoirSize\":1,")
        .append("\"ServiceName\":\"*\",")
        .append("\"ServiceType\":\"*\",")
        .append("\"Host\":\"")
        .append(host)
        .append("\",")
        .append("\"HTTPMethod\":\"")
        .append(method)
        .append("\",")
        .append("\"URLPath\":\"")
        .append(path)
        .append("\",")
        .append("\"Version\":1,")
        .append("\"Attributes\":{}}}");
  }
}
