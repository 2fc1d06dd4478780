/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.demo;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.smoke.ServiceProcess;
import io.github.otelxray.smoke.SmokeEnvironment;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The newcomer's demo: two sample services ({@code storefront} calls {@code inventory}) under the
 * real agent with the extension, exporting OTLP to an embedded receiver in place of the ADOT
 * collector, and sampling by X-Ray rules that an embedded fake of the collector's awsproxy serves
 * (health checks at 0 %, everything else at 100 %). It sends a few requests, with and without
 * {@code X-Amzn-Trace-Id}, and prints each trace as the X-Ray console would lay it out, with the
 * rule that sampled it. Everything stays on 127.0.0.1.
 */
public final class Demo {

  private Demo() {}

  public static void main(String[] args) {
    System.out.println(
        "agent " + SmokeEnvironment.agentVersion() + " + " + SmokeEnvironment.extensionJar());
    try (FakeCollector collector = FakeCollector.start();
        FakeAwsProxy proxy =
            FakeAwsProxy.start()
                .rules(
                    List.of(
                        FakeAwsProxy.rule("health-checks", 1, "/health*", 0, 0.0),
                        FakeAwsProxy.rule("Default", 10000, "*", 1, 1.0)));
        ServiceProcess inventory = xrayService("inventory", collector, proxy);
        ServiceProcess storefront = xrayService("storefront", collector, proxy)) {
      awaitRules(inventory);
      awaitRules(storefront);
      System.out.println();
      System.out.println(
          "sampling rules from the fake awsproxy: 'health-checks' /health* at 0 %,"
              + " 'Default' everything else at 100 %");
      String items = encode(inventory.url("/hello/items"));
      String broken = encode(inventory.url("/fail"));
      long now = System.currentTimeMillis() / 1000;
      String incoming =
          "Root=1-"
              + Long.toHexString(now)
              + "-decaf0c0ffee00000000beef;Parent=53995c3f42cd8ad8;Sampled=1";
      String unsampled =
          "Root=1-"
              + Long.toHexString(now)
              + "-decaf0000000000000000aaa;Parent=53995c3f42cd8ad8;Sampled=0";

      List<Request> requests =
          List.of(
              new Request("/call?to=" + items, Map.of(), "no trace header: a new X-Ray trace"),
              new Request(
                  "/call?to=" + items,
                  Map.of("X-Amzn-Trace-Id", incoming),
                  "X-Amzn-Trace-Id: " + incoming + "  (continued)"),
              new Request("/call?to=" + broken, Map.of(), "downstream fails: a fault"),
              new Request("/missing", Map.of(), "not found: an error"),
              new Request("/health/live", Map.of(), "rule health-checks samples 0 %: not exported"),
              new Request(
                  "/health/ready", Map.of(), "rule health-checks samples 0 %: not exported"),
              new Request(
                  "/hello/quiet",
                  Map.of("X-Amzn-Trace-Id", unsampled),
                  "X-Amzn-Trace-Id with Sampled=0: nothing is exported"));
      System.out.println();
      for (Request request : requests) {
        int status = storefront.get(request.path(), request.headers()).statusCode();
        System.out.printf(
            "-> GET storefront%s  =>  HTTP %d   # %s%n",
            shorten(request.path()), status, request.note());
      }
      // Four traces are expected: every sampled request gives one storefront server span.
      List<ExportedSpan> spans =
          collector.awaitSpans(
              all ->
                  all.stream()
                              .filter(s -> s.isServer() && s.serviceName().equals("inventory"))
                              .count()
                          >= 3
                      && all.stream()
                              .filter(s -> s.isServer() && s.serviceName().equals("storefront"))
                              .count()
                          >= 4,
              Duration.ofSeconds(30));
      System.out.println();
      System.out.println("What the collector received, as X-Ray traces:");
      System.out.println();
      System.out.print(TraceTree.render(spans));
    }
  }

  private static ServiceProcess xrayService(
      String name, FakeCollector collector, FakeAwsProxy proxy) {
    return ServiceProcess.builder(name)
        .exportingTo(collector)
        .property("otel.traces.sampler", "xray")
        .property("otel.traces.sampler.arg", "endpoint=" + proxy.endpoint())
        .start();
  }

  /** Waits (bounded) until the service says the X-Ray rules are in force. */
  private static void awaitRules(ServiceProcess service) {
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> service.output().contains("X-Ray sampling: "));
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("no sampling rules arrived:\n" + service.output(), e);
    }
  }

  private static String encode(String url) {
    return URLEncoder.encode(url, StandardCharsets.UTF_8);
  }

  private static String shorten(String path) {
    return URLDecoder.decode(path, StandardCharsets.UTF_8)
        .replaceAll("http://127\\.0\\.0\\.1:\\d+", "inventory");
  }

  private record Request(String path, Map<String, String> headers, String note) {}
}
