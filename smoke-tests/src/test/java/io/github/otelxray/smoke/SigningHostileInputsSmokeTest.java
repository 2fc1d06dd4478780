/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.fakes.FakeSts;
import io.github.otelxray.fakes.FakeXRay;
import io.github.otelxray.fakes.SigV4Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * Signing without a collector against what a setting or X-Ray can throw at it, under the real agent
 * (issue 19): plain {@code http} endpoints to X-Ray's host (properties and a YAML file), an X-Ray
 * whose refusals keep changing cause, and STS refusing the web identity token.
 *
 * <p>Fakes, on loopback, reached under X-Ray's real host name through {@code -Djdk.net.hosts.file}:
 * a plain HTTP listener standing for X-Ray over http ({@link FakeAwsProxy}, which records every
 * request's headers), X-Ray over HTTPS ({@link FakeXRay}), the collector behind it and STS ({@link
 * FakeSts}). Waits are bounded and poll for the exact evidence; nothing asserts a duration.
 */
class SigningHostileInputsSmokeTest {

  private static final String ACCESS_KEY = "AKIDPLAINHTTP000001";
  private static final String SECRET_KEY = "plainHttpSecret/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String SESSION_TOKEN = "plainHttpSessionToken-FwoGZXIvYXdzEXAMPLE";

  @TempDir Path dir;
  @AutoClose private final FakeCollector collector = FakeCollector.start();

  @AutoClose
  private final FakeAwsProxy proxy =
      FakeAwsProxy.start().rules(List.of(FakeAwsProxy.rule("Default", 10000, "*", 0, 1.0)));

  /** X-Ray's host name over plain http, with the fake's port. */
  private String plainXRay() {
    return "http://" + FakeXRay.HOST + ":" + proxy.endpoint().replaceAll(".*:", "");
  }

  /**
   * Issue 19, defect 4: the exporter's and the sampler's endpoints are X-Ray's host over http, with
   * credentials in the environment. Before the fix the listener received {@code Authorization} and
   * the whole session token in clear text, without a warning.
   */
  @Test
  void sendsNoCredentialsOverPlainHttpToXRaysHostAndSaysWhy() throws IOException {
    try (ServiceProcess service =
        withCredentials(withXRayHost(ServiceProcess.builder("plain-http")))
            .property("otel.traces.exporter", "otlp")
            .property("otel.exporter.otlp.protocol", "http/protobuf")
            .property("otel.exporter.otlp.traces.endpoint", plainXRay() + "/v1/traces")
            .property("otel.traces.sampler", "xray")
            .property("otel.traces.sampler.arg", "endpoint=" + plainXRay())
            .start()) {
      awaitPlainRequestsAndNoCredentials(service);
    }
  }

  /** Issue 19, defect 4, with a YAML configuration file naming the same endpoints. */
  @Test
  void sendsNoCredentialsOverPlainHttpFromAConfigurationFile() throws IOException {
    Path file = dir.resolve("otel.yaml");
    Files.writeString(
        file,
        """
        file_format: "1.2"
        resource:
          attributes: [{name: service.name, value: plain-http-file}]
        tracer_provider:
          sampler: {xray: {endpoint: "%s"}}
          processors:
            - batch:
                schedule_delay: 100
                exporter: {otlp_http: {endpoint: "%s/v1/traces"}}
        """
            .formatted(plainXRay(), plainXRay()));
    try (ServiceProcess service =
        withCredentials(withXRayHost(ServiceProcess.builder("plain-http-file")))
            .configFile(file)
            .start()) {
      awaitPlainRequestsAndNoCredentials(service);
    }
  }

  private void awaitPlainRequestsAndNoCredentials(ServiceProcess service) {
    service.get("/hello/plain");
    Waits.until(
        service,
        () ->
            !proxy.requests("/v1/traces").isEmpty()
                && !proxy.requests("/GetSamplingRules").isEmpty());

    assertThat(proxy.requests())
        .allSatisfy(
            r ->
                assertThat(r.headers())
                    .doesNotContainKey("authorization")
                    .doesNotContainKey("x-amz-security-token"));
    String output = service.output();
    // One for the exporter, one for the sampler.
    assertThat(countLines(output, "is not https: requests to it are not signed")).isEqualTo(2);
    assertThat(output).doesNotContain(SECRET_KEY).doesNotContain(SESSION_TOKEN);
  }

  /**
   * Issue 19, defect 6: X-Ray refuses exports with 403, 500, 503, 400 and 429 in turn. Before the
   * fix every batch warned (the log remembered only the last cause): 40 batches, 40 warnings.
   * Retries are switched off with the agent's own key, so that every refusal ends its batch (a
   * retried 503 would meet the 400 next in turn): this also shows the key is honoured.
   */
  @Test
  void warnsOncePerDistinctCauseWhileXRaysRefusalsRotate() throws IOException {
    try (FakeXRay xray =
            FakeXRay.start(
                    dir,
                    new SigV4Verifier(Map.of(ACCESS_KEY, SECRET_KEY), "us-east-1", "xray"),
                    collector,
                    proxy)
                .refuseExportsInTurn(403, 500, 503, 400, 429);
        ServiceProcess service =
            withCredentials(withXRayHost(ServiceProcess.builder("rotating-refusals"), xray))
                .property("otel.java.exporter.otlp.retry.disabled", "true")
                .property("otel.traces.exporter", "otlp")
                .property("otel.exporter.otlp.protocol", "http/protobuf")
                .property("otel.exporter.otlp.traces.endpoint", xray.endpoint() + "/v1/traces")
                .start()) {
      // One request, one batch (100 ms schedule): wait for each export before the next request.
      for (int i = 0; i < 20; i++) {
        int before = xray.requests("/v1/traces").size();
        service.get("/hello/refused-" + i);
        Waits.until(service, () -> xray.requests("/v1/traces").size() > before);
      }
      Waits.until(service, () -> countLines(service.output(), "refused with HTTP") >= 5);

      assertThat(xray.requests("/v1/traces")).hasSizeGreaterThanOrEqualTo(20);
      assertThat(countLines(service.output(), "refused with HTTP")).isEqualTo(5);
    }
  }

  /**
   * Issue 19, smaller: STS refuses the web identity token. Before the fix the warning said "no AWS
   * credentials found ... give the task an IAM role" and every batch called STS again.
   */
  @Test
  void namesStsRefusalAndDoesNotAskStsAtEveryBatch() throws IOException {
    Path tokenFile = dir.resolve("eks-token");
    Files.writeString(tokenFile, "eyJhbGciOiJSUzI1NiJ9.not-the-token-sts-knows");
    String role = "arn:aws:iam::123456789012:role/orders";
    try (FakeXRay xray =
            FakeXRay.start(
                dir,
                new SigV4Verifier(Map.of(ACCESS_KEY, SECRET_KEY), "us-east-1", "xray"),
                collector,
                proxy);
        FakeSts sts =
            FakeSts.start(
                "eyJhbGciOiJSUzI1NiJ9.the-token-sts-knows",
                role,
                ACCESS_KEY,
                SECRET_KEY,
                SESSION_TOKEN);
        ServiceProcess service =
            withXRayHost(ServiceProcess.builder("refused-token"), xray)
                .property("otel.traces.exporter", "otlp")
                .property("otel.exporter.otlp.protocol", "http/protobuf")
                .property("otel.exporter.otlp.traces.endpoint", xray.endpoint() + "/v1/traces")
                .env("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString())
                .env("AWS_ROLE_ARN", role)
                .env("AWS_REGION", "us-east-1")
                .env("AWS_ENDPOINT_URL_STS", sts.endpoint())
                .start()) {
      service.get("/hello/first");
      Waits.awaitOutput(service, "could not be exchanged for credentials");
      int first = sts.calls().size();
      // Twenty more batches, one request each, well within the ten seconds before a retry.
      for (int i = 0; i < 20; i++) {
        service.get("/hello/refused-" + i);
      }
      service.get("/hello/last");

      String output = service.output();
      assertThat(output)
          .contains("STS refused")
          .contains("HTTP 400")
          .doesNotContain("no AWS credentials found");
      assertThat(sts.calls().size()).isEqualTo(first);
      assertThat(xray.requests()).isEmpty();
    }
  }

  /**
   * Issue 19, defect 2: X-Ray refuses the sampler's calls with 403 and drips the 8 KiB body a byte
   * every 2 s. Before the fix the {@code otel-xray-sampling} thread read that body for hours (8,192
   * bytes at 2 s), calling nothing else meanwhile; now the call ends at its deadline (7 s) and the
   * poller tries again, which is the event this test waits for.
   */
  @Test
  void samplerGetsPastADrippedRefusalAndTriesAgain() throws IOException {
    try (FakeXRay xray =
            FakeXRay.start(
                    dir,
                    new SigV4Verifier(Map.of(ACCESS_KEY, SECRET_KEY), "us-east-1", "xray"),
                    collector,
                    proxy)
                .dripSamplingRefusals(403, 2_000);
        ServiceProcess service =
            withCredentials(withXRayHost(ServiceProcess.builder("dripped-refusal"), xray))
                .property("otel.traces.sampler", "xray")
                .property("otel.traces.sampler.arg", "endpoint=" + xray.endpoint())
                .start()) {
      Waits.until(service, () -> xray.requests("/GetSamplingRules").size() >= 2);
      List<FakeXRay.Request> calls = xray.requests("/GetSamplingRules");
      // A figure for the note, not an assertion: the call's stall plus the first backoff.
      System.out.printf(
          "dripped refusal: second GetSamplingRules %d ms after the first%n",
          (calls.get(1).receivedNanos() - calls.get(0).receivedNanos()) / 1_000_000);

      // What arrived by the deadline is enough to tell the cause.
      assertThat(service.output())
          .contains("GetSamplingRules refused with HTTP 403")
          .doesNotContain(SECRET_KEY)
          .doesNotContain(SESSION_TOKEN);
      assertThat(service.get("/hello/still-serving").statusCode()).isEqualTo(200);
    }
  }

  /**
   * Issue 19, defect 3: a credential holding a character no request of ours may carry (a newline
   * copied with it, a carriage return, a tab, a character beyond Latin-1). Before the fix the JDK's
   * refusal of the header quoted the whole session token (or the {@code Authorization} value: key
   * id, scope, signature) into the sampler's and the exporter's warnings. Every line the JVM writes
   * is searched for any part of the secret.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("credentialsHttpCannotCarry")
  void neverLogsACredentialHttpCannotCarry(
      String what, String accessKey, String sessionToken, String header) throws IOException {
    try (FakeXRay xray =
            FakeXRay.start(
                dir,
                new SigV4Verifier(Map.of(accessKey, SECRET_KEY), "us-east-1", "xray"),
                collector,
                proxy);
        ServiceProcess service =
            withXRayHost(ServiceProcess.builder("bad-credential"), xray)
                .env("AWS_ACCESS_KEY_ID", accessKey)
                .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
                .env("AWS_SESSION_TOKEN", sessionToken)
                .property("otel.traces.exporter", "otlp")
                .property("otel.exporter.otlp.protocol", "http/protobuf")
                .property("otel.exporter.otlp.traces.endpoint", xray.endpoint() + "/v1/traces")
                .property("otel.traces.sampler", "xray")
                .property("otel.traces.sampler.arg", "endpoint=" + xray.endpoint())
                .start()) {
      service.get("/hello/bad-credential");
      // The sampler's warning and the exporter's: both calls were refused before sending.
      Waits.until(
          service, () -> countLines(service.output(), "the value of header " + header) >= 2);

      String output = service.output();
      assertThat(output).doesNotContain("SECRETPART").doesNotContain(SECRET_KEY);
      assertThat(output.lines()).noneMatch(line -> line.contains("IQoJb3JpZ2lu"));
      assertThat(xray.requests()).isEmpty();
    }
  }

  static Stream<Arguments> credentialsHttpCannotCarry() {
    return Stream.of(
        Arguments.of(
            "session token with a newline",
            ACCESS_KEY,
            "IQoJb3JpZ2lu\nSECRETPART-0001",
            "X-Amz-Security-Token"),
        Arguments.of(
            "session token with a carriage return",
            ACCESS_KEY,
            "IQoJb3JpZ2lu\rSECRETPART-0002",
            "X-Amz-Security-Token"),
        Arguments.of(
            "session token with a tab",
            ACCESS_KEY,
            "IQoJb3JpZ2lu\tSECRETPART-0003",
            "X-Amz-Security-Token"),
        Arguments.of(
            "session token beyond Latin-1",
            ACCESS_KEY,
            "IQoJb3JpZ2lu\u2713SECRETPART-0004",
            "X-Amz-Security-Token"),
        Arguments.of(
            "access key id with a newline",
            "AKIDSECRETPART\n0005",
            "IQoJb3JpZ2luSessionToken0005",
            "Authorization"));
  }

  private static ServiceProcess.Builder withCredentials(ServiceProcess.Builder builder) {
    return builder
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_SESSION_TOKEN", SESSION_TOKEN);
  }

  /** X-Ray's real host name resolves to the loopback fakes. */
  private ServiceProcess.Builder withXRayHost(ServiceProcess.Builder builder) throws IOException {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 " + FakeXRay.HOST + "\n127.0.0.1 localhost\n");
    return builder
        .property("jdk.net.hosts.file", hosts.toString())
        .env("AWS_EC2_METADATA_DISABLED", "true");
  }

  /** As {@link #withXRayHost(ServiceProcess.Builder)}, trusting the HTTPS fake's certificate. */
  private ServiceProcess.Builder withXRayHost(ServiceProcess.Builder builder, FakeXRay xray)
      throws IOException {
    return withXRayHost(builder)
        .property("javax.net.ssl.trustStore", xray.trustStore().toString())
        .property("javax.net.ssl.trustStorePassword", FakeXRay.STORE_PASSWORD)
        .property("javax.net.ssl.trustStoreType", "PKCS12");
  }

  private static long countLines(String output, String text) {
    return Arrays.stream(output.split("\n")).filter(line -> line.contains(text)).count();
  }
}
