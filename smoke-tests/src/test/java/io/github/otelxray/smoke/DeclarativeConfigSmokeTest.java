/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static io.github.otelxray.smoke.Waits.awaitOutput;
import static io.github.otelxray.smoke.Waits.awaitRuleInForce;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.CannedHttpServer;
import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.fakes.FakeEcsMetadata;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The extension under the real agent configured by a YAML file ({@code otel.config.file}), where
 * the agent runs none of the extension's autoconfigure hooks: our defaults where the file is silent
 * (X-Ray ids, the {@code xray} sampler with rules per path, our propagator, redaction and
 * annotations from {@code aws_xray}), and exactly the file where it names other components.
 *
 * <p>Fakes, on loopback: the ADOT collector ({@link FakeCollector}, OTLP protobuf), the collector's
 * awsproxy ({@link FakeAwsProxy}, X-Ray's sampling JSON), the ECS task metadata endpoint ({@link
 * FakeEcsMetadata}) and the EC2 instance metadata service (which must not be asked); none of them
 * can run here.
 */
class DeclarativeConfigSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(40);

  /** Root without Parent and Sampled=?: contrib's parser drops this header (new trace). */
  private static final String ALB_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272799;Sampled=?";

  /** A fresh collector for each test, closed after it. */
  @AutoClose private final FakeCollector collector = FakeCollector.start();

  @Test
  void whereTheFileIsSilentTheExtensionsDefaultsApply(@TempDir Path dir) throws IOException {
    Path file =
        write(
            dir,
            """
            file_format: "1.2"
            resource:
              attributes: [{name: service.name, value: orders}]
            tracer_provider:
              processors:
                - batch: {schedule_delay: 100, exporter: {otlp_http: {endpoint: "%s/v1/traces"}}}
            instrumentation/development:
              java:
                aws_xray:
                  annotations: [order_id]
                  redact: {query_params: [session]}
            """
                .formatted(collector.endpoint()));
    try (FakeAwsProxy proxy =
            FakeAwsProxy.start()
                .rules(
                    List.of(
                        FakeAwsProxy.rule("health", 1, "/health*", 0, 0.0),
                        FakeAwsProxy.rule("api", 2, "/api/*", 0, 1.0),
                        FakeAwsProxy.rule("Default", 10000, "*", 0, 1.0)));
        CannedHttpServer ecs = FakeEcsMetadata.start();
        CannedHttpServer instanceMetadata = CannedHttpServer.start();
        ServiceProcess service =
            ServiceProcess.builder("orders")
                .configFile(file)
                // The file names no sampler endpoint: the X-Ray SDK's variable gives it.
                .env("AWS_XRAY_DAEMON_ADDRESS", proxy.endpoint().replace("http://", ""))
                // An ECS task: its platform is evident, EC2's is not.
                .env("ECS_CONTAINER_METADATA_URI_V4", FakeEcsMetadata.containerUri(ecs))
                .property("otel.aws.imds.endpointOverride", instanceMetadata.hostAndPort())
                .start()) {
      awaitRuleInForce(service, collector, "/api/warmup-", "api");
      long before = System.currentTimeMillis() / 1000;
      service.get("/health/check");
      service.get("/hello/fresh");
      service.get("/hello/alb", Map.of("X-Amzn-Trace-Id", ALB_HEADER));
      String to = URLEncoder.encode(service.url("/headers"), StandardCharsets.UTF_8);
      String headers = service.get("/call?to=" + to).body();
      service.get("/order?session=s3cr3t&page=2");
      service.get("/api/marker");

      List<ExportedSpan> spans =
          collector.awaitServerSpans(WAIT, "/api/marker", "/order", "/hello/alb");
      ExportedSpan fresh = FakeCollector.serverSpan(spans, "/hello/fresh");
      assertThat(Long.parseLong(fresh.traceId().substring(0, 8), 16))
          .isBetween(before - 1, System.currentTimeMillis() / 1000 + 1);
      assertThat(FakeCollector.serverSpan(spans, "/hello/alb").traceId())
          .isEqualTo("5759e988bd862e3fe1be46a994272799");
      assertThat(headers).contains("x-amzn-trace-id: Root=1-").contains("traceparent: 00-");
      assertThat(FakeCollector.serverSpan(spans, "/api/marker").attribute("aws.xray.sampling_rule"))
          .isEqualTo("api");
      assertThat(spans).noneMatch(s -> "/health/check".equals(s.attribute("url.path")));

      ExportedSpan order = FakeCollector.serverSpan(spans, "/order");
      // The file's aws_xray.redact.query_params names session; in the decoded url.query a secret
      // runs to the end, so nothing of it can leak past an encoded '&'.
      assertThat(String.valueOf(order.attribute("url.query"))).isEqualTo("session=REDACTED");
      assertThat(spans.toString()).doesNotContain("s3cr3t");
      @SuppressWarnings("unchecked")
      List<Object> annotations = (List<Object>) order.attribute("aws.xray.annotations");
      assertThat(annotations).containsExactlyInAnyOrder("order_id", "customer_tier");
      assertThat(service.output()).doesNotContain("Component provider conflict");

      // The file lists no resource detectors: the evident platform is described, as without a
      // file, the file's own attributes win, and no other platform is probed.
      assertThat(order.resource())
          .containsEntry("cloud.platform", "aws_ecs")
          .containsEntry("aws.ecs.task.arn", FakeEcsMetadata.TASK_ARN)
          .containsEntry("service.name", "orders");
      assertThat(instanceMetadata.requests()).isEmpty();
    }
  }

  /**
   * With a file the sampler starts with the agent, as without one: X-Ray's rules are fetched and
   * matched to the file's resource before the application's first request, so a 0 % rule for health
   * checks holds for the very first one (the built-in default, 1 a second, would sample it).
   */
  @Test
  void theRulesAreInForceForTheFirstRequest(@TempDir Path dir) throws IOException {
    Map<String, Object> ordersHealth =
        new LinkedHashMap<>(FakeAwsProxy.rule("orders-health", 1, "/health*", 0, 0.0));
    ordersHealth.put("ServiceName", "orders");
    Map<String, Object> billing =
        new LinkedHashMap<>(FakeAwsProxy.rule("billing-all", 2, "*", 0, 1.0));
    billing.put("ServiceName", "billing");
    try (FakeAwsProxy proxy =
        FakeAwsProxy.start()
            .rules(
                List.of(ordersHealth, billing, FakeAwsProxy.rule("Default", 10000, "*", 0, 1.0)))) {
      Path file =
          write(
              dir,
              """
              file_format: "1.2"
              resource:
                attributes: [{name: service.name, value: orders}]
              tracer_provider:
                sampler: {parent_based: {root: {xray: {endpoint: "%s"}}}}
                processors:
                  - batch: {schedule_delay: 100, exporter: {otlp_http: {endpoint: "%s/v1/traces"}}}
              """
                  .formatted(proxy.endpoint(), collector.endpoint()));
      try (ServiceProcess service =
          ServiceProcess.builder("orders-first-request").configFile(file).start()) {
        // Logged once the rules are in force; two of three name this service (or every one).
        awaitOutput(
            service, "X-Ray sampling: 2 rules from " + proxy.endpoint() + " apply to this service");

        service.get("/health/first");
        service.get("/hello/second");

        List<ExportedSpan> spans = collector.awaitServerSpans(WAIT, "/hello/second");
        assertThat(spans).noneMatch(s -> "/health/first".equals(s.attribute("url.path")));
      }
    }
  }

  @Test
  void aFileNamingOtherComponentsIsObeyedExactly(@TempDir Path dir) throws IOException {
    Path file =
        write(
            dir,
            """
            file_format: "1.2"
            resource:
              attributes: [{name: service.name, value: billing}]
            tracer_provider:
              sampler: {always_on: }
              id_generator: {random: }
              processors:
                - batch: {schedule_delay: 100, exporter: {otlp_http: {endpoint: "%s/v1/traces"}}}
            propagator:
              composite: [{tracecontext: }]
            """
                .formatted(collector.endpoint()));
    try (FakeAwsProxy proxy =
            FakeAwsProxy.start().rules(List.of(FakeAwsProxy.rule("Default", 10000, "*", 0, 0.0)));
        ServiceProcess service =
            ServiceProcess.builder("billing")
                .configFile(file)
                .env("AWS_XRAY_DAEMON_ADDRESS", proxy.endpoint().replace("http://", ""))
                .start()) {
      long now = System.currentTimeMillis() / 1000;
      service.get("/hello/alb", Map.of("X-Amzn-Trace-Id", ALB_HEADER));
      String to = URLEncoder.encode(service.url("/headers"), StandardCharsets.UTF_8);
      String headers = service.get("/call?to=" + to).body();

      List<ExportedSpan> spans = collector.awaitServerSpans(WAIT, "/hello/alb", "/headers");
      // always_on, not X-Ray's 0 % rules; the sampler never asked the proxy.
      assertThat(proxy.requests()).isEmpty();
      // tracecontext only: the X-Ray header is neither read nor written.
      String albTrace = FakeCollector.serverSpan(spans, "/hello/alb").traceId();
      assertThat(albTrace).isNotEqualTo("5759e988bd862e3fe1be46a994272799");
      assertThat(headers).contains("traceparent: 00-").doesNotContain("x-amzn-trace-id");
      // random ids: the first 8 hex digits are not this hour's epoch seconds.
      long seconds = Long.parseLong(albTrace.substring(0, 8), 16);
      assertThat(Math.abs(seconds - now)).isGreaterThan(3600);
    }
  }

  /**
   * Agents whose SDK runs none of our customizers with a file, or hands them a model of another
   * package, still run the components a file names. 2.23.0 (SDK 1.57) reads a file only from {@code
   * otel.experimental.config.file} (given {@code otel.config.file} it says the key was replaced and
   * autoconfigures). 2.28.1 reads {@code otel.config.file} but keeps its model in another package:
   * a customizer typed for ours made that agent fail to start, leaving the app untraced; now it
   * logs one warning and the file is used as written.
   */
  @ParameterizedTest(name = "agent {0}")
  @MethodSource("agentsWithoutOurModel")
  void agentsWithoutOurModelRunTheComponentsTheFileNames(
      String version, Path agentJar, String fileKey, String fileFormat, @TempDir Path dir)
      throws IOException {
    try (FakeAwsProxy proxy =
        FakeAwsProxy.start()
            .rules(
                List.of(
                    FakeAwsProxy.rule("api", 1, "/api/*", 0, 1.0),
                    FakeAwsProxy.rule("Default", 10000, "*", 0, 1.0)))) {
      Path file =
          write(
              dir,
              """
              file_format: "%s"
              resource:
                attributes: [{name: service.name, value: older-agent-file}]
              tracer_provider:
                sampler: {xray: {endpoint: "%s"}}
                processors:
                  - batch: {schedule_delay: 100, exporter: {otlp_http: {endpoint: "%s/v1/traces"}}}
              propagator:
                composite: [{tracecontext: }, {otelxray_xray: }]
              """
                  .formatted(fileFormat, proxy.endpoint(), collector.endpoint()));
      try (ServiceProcess service =
          ServiceProcess.builder("older-agent-file")
              .agentJar(agentJar)
              .configFile(file)
              .property(fileKey, file.toString())
              .start()) {
        checkOlderAgent(service);
      }
    }
  }

  private void checkOlderAgent(ServiceProcess service) {
    assertThat(service.output()).doesNotContain("failed to start");
    awaitRuleInForce(service, collector, "/api/older-file-", "api");
    service.get("/hello/alb", Map.of("X-Amzn-Trace-Id", ALB_HEADER));

    List<ExportedSpan> spans = collector.awaitServerSpans(WAIT, "/hello/alb");
    // Our propagator, named as the file names it: contrib's would start a new trace.
    assertThat(FakeCollector.serverSpan(spans, "/hello/alb").traceId())
        .isEqualTo("5759e988bd862e3fe1be46a994272799");
  }

  static Stream<Arguments> agentsWithoutOurModel() {
    return Stream.of(
        Arguments.of(
            SmokeEnvironment.oldestAgentVersion(),
            SmokeEnvironment.oldestAgentJar(),
            "otel.experimental.config.file",
            "0.4"),
        Arguments.of(
            SmokeEnvironment.otherModelAgentVersion(),
            SmokeEnvironment.otherModelAgentJar(),
            "otel.config.file",
            "1.0"));
  }

  private static Path write(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("otel.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
