/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the ADOT collector's {@code awsproxy} in front of AWS X-Ray's sampling API, which
 * cannot be reached from here. It speaks the API's JSON over plain HTTP on loopback: {@code POST
 * /GetSamplingRules} answers with the rules set ({@code SamplingRuleRecords}, numbers for
 * timestamps), or with a document given verbatim; {@code POST /SamplingTargets} grants each
 * reported rule its reservoir as quota for a minute and asks for the next report in a second, or,
 * {@link #withoutTargets()}, answers no target documents so that each rule's own rate stays in
 * force (a benchmark's steady state). Every request is recorded with its headers and body. A test
 * can make it fail the ways a real proxy does: HTTP 500, garbage, or hanging until closed.
 */
public final class FakeAwsProxy implements AutoCloseable {

  /** How the proxy answers. */
  public enum Mode {
    HEALTHY,
    ERROR_500,
    GARBAGE,
    HANG,
    /** Rules as usual; statistics answered one byte a second, each byte within any read timeout. */
    DRIP_TARGETS
  }

  /** One request as received: path, lower-cased header names, body. */
  public record Request(String path, Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile List<Map<String, Object>> rules = List.of();
  private volatile String rulesDocument;
  private volatile boolean grantTargets = true;
  private volatile Mode mode = Mode.HEALTHY;
  // Sampling boost to grant once, when a rule's first anomaly is reported: X-Ray's cooldown.
  private final Map<String, Double> boostsToGrant = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Long> boostsGranted = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile long boostSeconds = 60;

  private FakeAwsProxy(HttpServer server) {
    this.server = server;
  }

  public static FakeAwsProxy start() {
    return start(0);
  }

  /**
   * Starts on {@code port} (0: any free one), e.g. one a test reserved while "the proxy is down".
   */
  public static FakeAwsProxy start(int port) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      FakeAwsProxy proxy = new FakeAwsProxy(server);
      server.createContext("/", proxy::handle);
      server.setExecutor(Executors.newCachedThreadPool(Daemons.named("fake-awsproxy")));
      server.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A free loopback port, for a proxy that will come up later. */
  public static int reservePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One rule in the shape of a {@code SamplingRule}, matching any service, host and method. */
  public static Map<String, Object> rule(
      String name, int priority, String urlPath, int reservoirSize, double fixedRate) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("RuleName", name);
    rule.put("RuleARN", "arn:aws:xray:eu-west-1:111122223333:sampling-rule/" + name);
    rule.put("ResourceARN", "*");
    rule.put("Priority", priority);
    rule.put("FixedRate", fixedRate);
    rule.put("ReservoirSize", reservoirSize);
    rule.put("ServiceName", "*");
    rule.put("ServiceType", "*");
    rule.put("Host", "*");
    rule.put("HTTPMethod", "*");
    rule.put("URLPath", urlPath);
    rule.put("Version", 1);
    rule.put("Attributes", Map.of());
    return rule;
  }

  public FakeAwsProxy rules(List<Map<String, Object>> rules) {
    this.rules = List.copyOf(rules);
    return this;
  }

  /** Answers {@code GetSamplingRules} with {@code json} as given, whatever {@link #rules} holds. */
  public FakeAwsProxy rulesDocument(String json) {
    this.rulesDocument = json;
    return this;
  }

  /** Answers {@code SamplingTargets} with no target documents: the rules' own rates stay. */
  public FakeAwsProxy withoutTargets() {
    this.grantTargets = false;
    return this;
  }

  /**
   * Grants {@code ruleName} a {@code SamplingBoost} of {@code rate} for {@code seconds}, once, in
   * the answer to the first report that counts an anomaly for it, as X-Ray does.
   */
  public FakeAwsProxy boostOnFirstAnomaly(String ruleName, double rate, long seconds) {
    boostsToGrant.put(ruleName, rate);
    boostSeconds = seconds;
    return this;
  }

  /**
   * When the boost granted to {@code ruleName} ends, in epoch millis; null before it is granted.
   */
  public Long boostExpiresAtMillis(String ruleName) {
    return boostsGranted.get(ruleName);
  }

  public FakeAwsProxy mode(Mode mode) {
    this.mode = mode;
    return this;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the requests received so far. */
  public void reset() {
    requests.clear();
  }

  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Every {@code SamplingStatisticsDocuments} entry received so far. */
  public List<Map<String, Object>> statisticsDocuments() {
    return documents("SamplingStatisticsDocuments");
  }

  /** Every {@code SamplingBoostStatisticsDocuments} entry received so far. */
  public List<Map<String, Object>> boostStatisticsDocuments() {
    return documents("SamplingBoostStatisticsDocuments");
  }

  /** The sum of one counter over every boost statistics document for {@code ruleName}. */
  public long boostSum(String ruleName, String counter) {
    return boostStatisticsDocuments().stream()
        .filter(d -> ruleName.equals(d.get("RuleName")))
        .mapToLong(d -> ((Number) d.getOrDefault(counter, 0)).longValue())
        .sum();
  }

  private List<Map<String, Object>> documents(String field) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Request request : requests("/SamplingTargets")) {
      try {
        Object list = JSON.std.mapFrom(request.body()).get(field);
        if (list instanceof List<?> entries) {
          for (Object entry : entries) {
            @SuppressWarnings("unchecked")
            Map<String, Object> document = (Map<String, Object>) entry;
            documents.add(document);
          }
        }
      } catch (IOException e) {
        throw new AssertionError("the sampler sent invalid JSON: " + request.body(), e);
      }
    }
    return documents;
  }

  /** The sum of one counter over every statistics document for {@code ruleName}. */
  public long sum(String ruleName, String counter) {
    return statisticsDocuments().stream()
        .filter(d -> ruleName.equals(d.get("RuleName")))
        .mapToLong(d -> ((Number) d.getOrDefault(counter, 0)).longValue())
        .sum();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) ->
                  headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      String path = exchange.getRequestURI().getPath();
      requests.add(new Request(path, headers, body));
      switch (mode) {
        case ERROR_500 -> {
          exchange.sendResponseHeaders(500, -1);
          return;
        }
        case GARBAGE -> {
          send(exchange, "<html>502 Bad Gateway</html>{\"SamplingRule");
          return;
        }
        case HANG -> {
          try {
            released.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return;
        }
        default -> {}
      }
      if (mode == Mode.DRIP_TARGETS && path.equals("/SamplingTargets")) {
        drip(exchange, targetsFor(body));
        return;
      }
      if (path.equals("/GetSamplingRules") && rulesDocument != null) {
        send(exchange, rulesDocument);
      } else if (path.equals("/GetSamplingRules")) {
        List<Map<String, Object>> records = new ArrayList<>();
        double now = System.currentTimeMillis() / 1000.0;
        for (Map<String, Object> rule : rules) {
          records.add(
              Map.of("CreatedAt", now - 3600, "ModifiedAt", now - 60, "SamplingRule", rule));
        }
        send(exchange, JSON.std.asString(Map.of("SamplingRuleRecords", records)));
      } else if (path.equals("/SamplingTargets")) {
        send(exchange, targetsFor(body));
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private String targetsFor(String requestBody) throws IOException {
    Map<String, Object> request = JSON.std.mapFrom(requestBody);
    List<Map<String, Object>> targets = new ArrayList<>();
    long nowMillis = System.currentTimeMillis();
    long now = nowMillis / 1000;
    java.util.Set<Object> names = new java.util.LinkedHashSet<>();
    java.util.Set<Object> anomalous = new java.util.HashSet<>();
    if (request.get("SamplingStatisticsDocuments") instanceof List<?> list) {
      for (Object entry : list) {
        names.add(((Map<?, ?>) entry).get("RuleName"));
      }
    }
    if (request.get("SamplingBoostStatisticsDocuments") instanceof List<?> list) {
      for (Object entry : list) {
        Object name = ((Map<?, ?>) entry).get("RuleName");
        names.add(name);
        if (((Number) ((Map<?, ?>) entry).get("AnomalyCount")).longValue() > 0) {
          anomalous.add(name);
        }
      }
    }
    if (!grantTargets) {
      names.clear();
    }
    for (Object name : names) {
      rules.stream()
          .filter(rule -> rule.get("RuleName").equals(name))
          .findFirst()
          .ifPresent(
              rule -> {
                Map<String, Object> target = new LinkedHashMap<>();
                target.put("RuleName", name);
                target.put("FixedRate", rule.get("FixedRate"));
                target.put("ReservoirQuota", rule.get("ReservoirSize"));
                target.put("ReservoirQuotaTTL", now + 60);
                target.put("Interval", 1);
                Double boost = boostsToGrant.get(name);
                if (boost != null && anomalous.contains(name) && !boostsGranted.containsKey(name)) {
                  long expiresAtMillis = nowMillis + boostSeconds * 1000;
                  boostsGranted.put((String) name, expiresAtMillis);
                  target.put(
                      "SamplingBoost",
                      Map.of("BoostRate", boost, "BoostRateTTL", expiresAtMillis / 1000.0));
                }
                targets.add(target);
              });
    }
    return JSON.std.asString(
        Map.of(
            "LastRuleModification",
            now - 60,
            "SamplingTargetDocuments",
            targets,
            "UnprocessedStatistics",
            List.of()));
  }

  /** Sends {@code json} a byte a second, until it is all sent, the client hangs up or we close. */
  private void drip(HttpExchange exchange, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    OutputStream out = exchange.getResponseBody();
    try {
      for (byte b : bytes) {
        out.write(b);
        out.flush();
        if (released.await(1, TimeUnit.SECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }
}
