/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static io.github.otelxray.smoke.Waits.awaitRuleInForce;
import static io.github.otelxray.smoke.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.fakes.FakeContainerCredentials;
import io.github.otelxray.fakes.FakeSts;
import io.github.otelxray.fakes.FakeXRay;
import io.github.otelxray.fakes.SigV4Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No collector: the real agent with the extension exports spans to X-Ray's OTLP endpoint and takes
 * its sampling rules from X-Ray's API, every call SigV4-signed, with credentials from the
 * environment or from the container credentials endpoint.
 *
 * <p>Fakes, on loopback: X-Ray itself ({@link FakeXRay}: HTTPS with a self-signed certificate the
 * service trusts, reached under its real name {@code xray.us-east-1.amazonaws.com} through {@code
 * -Djdk.net.hosts.file}; it checks each signature independently with {@link SigV4Verifier} and
 * refuses bad ones with 403), the payload ends behind it ({@link FakeCollector}, {@link
 * FakeAwsProxy}), the ECS/EKS container credentials endpoint ({@link FakeContainerCredentials},
 * which answers only to the right token) and STS for EKS IRSA's web identity ({@link FakeSts},
 * reached through {@code AWS_ENDPOINT_URL_STS}). None of them can run here. The EC2 metadata
 * service is switched off in the service JVM; nothing leaves 127.0.0.1.
 */
class CollectorlessSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final Pattern STACK_FRAME =
      Pattern.compile("^\\s+at [\\w.$]+\\(", Pattern.MULTILINE);

  private static final String ENV_ACCESS_KEY = "AKIDENVIRONMENT0001";
  private static final String ENV_SECRET_KEY = "envSecretKey/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String ENV_SESSION_TOKEN = "envSessionToken-FwoGZXIvYXdzEXAMPLE";
  private static final String TASK_ACCESS_KEY = "ASIATASKROLE0000001";
  private static final String TASK_SECRET_KEY = "taskSecretKey/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String TASK_SESSION_TOKEN = "taskSessionToken-IQoJb3JpZ2luX2VjEXAMPLE";
  private static final String IRSA_ACCESS_KEY = "ASIAIRSAROLE0000001";
  private static final String IRSA_SECRET_KEY = "irsaSecretKey/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String IRSA_SESSION_TOKEN = "irsaSessionToken-IQoJb3JpZ2luX2VjEXAMPLE";
  private static final String WEB_IDENTITY_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eks-service-account-token";
  private static final String SHADED_AWS_SDK = "io.github.otelxray.shaded.software.amazon.awssdk";
  private static final String SDK_SIGNER = "io.github.otelxray.sigv4.SdkRequestSigner";
  private static final String CONTAINER_TOKEN = "container-authorization-token-0001";

  @TempDir Path dir;
  private FakeCollector collector;
  private FakeAwsProxy proxy;
  private FakeXRay xray;

  @BeforeEach
  void startFakes() {
    collector = FakeCollector.start();
    proxy =
        FakeAwsProxy.start()
            .rules(
                List.of(
                    FakeAwsProxy.rule("health", 1, "/health*", 0, 0.0),
                    // Named apart from the built-in default ("Default" too), so a span it
                    // samples shows that X-Ray's rules are in force.
                    FakeAwsProxy.rule("warmup", 2, "/hello/warmup-*", 0, 1.0),
                    FakeAwsProxy.rule("Default", 10000, "*", 0, 1.0)));
    xray =
        FakeXRay.start(
            dir,
            new SigV4Verifier(
                Map.of(
                    ENV_ACCESS_KEY,
                    ENV_SECRET_KEY,
                    TASK_ACCESS_KEY,
                    TASK_SECRET_KEY,
                    IRSA_ACCESS_KEY,
                    IRSA_SECRET_KEY),
                "us-east-1",
                "xray"),
            collector,
            proxy);
  }

  @AfterEach
  void stopFakes() {
    xray.close();
    proxy.close();
    collector.close();
  }

  @Test
  void exportsGzippedSpansAndAppliesRulesSignedWithCredentialsFromTheEnvironment()
      throws IOException {
    try (ServiceProcess service =
        signingService("orders", "gzip")
            .env("AWS_ACCESS_KEY_ID", ENV_ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", ENV_SECRET_KEY)
            .env("AWS_SESSION_TOKEN", ENV_SESSION_TOKEN)
            .jvmArgument("-Xlog:class+load=info:file=" + dir.resolve("classes-signing.log"))
            .start()) {
      awaitRulesAndSpans(service);
      // The counterpart of loadsNothingOfTheAwsSdkWhenSigningIsOff: the log does show the SDK.
      assertThat(Files.readString(dir.resolve("classes-signing.log")))
          .contains(SDK_SIGNER)
          .contains(SHADED_AWS_SDK);

      assertEverySignatureGood(ENV_ACCESS_KEY);
      assertThat(xray.requests())
          .allSatisfy(
              r ->
                  assertThat(r.headers()).containsEntry("x-amz-security-token", ENV_SESSION_TOKEN));
      assertThat(xray.requests("/v1/traces"))
          .allSatisfy(r -> assertThat(r.headers()).containsEntry("content-encoding", "gzip"));
      assertNothingSecretOrBroken(service, ENV_SECRET_KEY, ENV_SESSION_TOKEN);
    }
  }

  /**
   * With a YAML configuration file the file's {@code otlp_http} exporter to X-Ray's endpoint is
   * signed as the same settings given as properties are, and so are the sampler's calls.
   */
  @Test
  void signsTheExporterAndSamplerOfAConfigurationFile() throws IOException {
    Path file = dir.resolve("otel.yaml");
    Files.writeString(
        file,
        """
        file_format: "1.2"
        resource:
          attributes: [{name: service.name, value: orders-file}]
        tracer_provider:
          sampler: {xray: {endpoint: "%s"}}
          processors:
            - batch:
                schedule_delay: 100
                exporter: {otlp_http: {endpoint: "%s/v1/traces", compression: gzip}}
        """
            .formatted(xray.endpoint(), xray.endpoint()));
    try (ServiceProcess service =
        withXRayHost(ServiceProcess.builder("orders-file"))
            .configFile(file)
            .env("AWS_ACCESS_KEY_ID", ENV_ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", ENV_SECRET_KEY)
            .env("AWS_SESSION_TOKEN", ENV_SESSION_TOKEN)
            .start()) {
      awaitRulesAndSpans(service);

      assertEverySignatureGood(ENV_ACCESS_KEY);
      assertThat(xray.requests("/v1/traces"))
          .allSatisfy(r -> assertThat(r.headers()).containsEntry("content-encoding", "gzip"));
      assertNothingSecretOrBroken(service, ENV_SECRET_KEY, ENV_SESSION_TOKEN);
    }
  }

  @Test
  void signsWithTheTaskRoleFromTheContainerCredentialsEndpoint() throws IOException {
    try (FakeContainerCredentials credentials =
            FakeContainerCredentials.start(
                CONTAINER_TOKEN, TASK_ACCESS_KEY, TASK_SECRET_KEY, TASK_SESSION_TOKEN);
        ServiceProcess service =
            signingService("billing", "none")
                .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.fullUri())
                .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", CONTAINER_TOKEN)
                .start()) {
      awaitRulesAndSpans(service);

      assertEverySignatureGood(TASK_ACCESS_KEY);
      assertThat(xray.requests())
          .allSatisfy(
              r ->
                  assertThat(r.headers())
                      .containsEntry("x-amz-security-token", TASK_SESSION_TOKEN));
      assertThat(xray.requests("/v1/traces"))
          .allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("content-encoding"));
      assertThat(credentials.authorizations()).isNotEmpty().containsOnly(CONTAINER_TOKEN);
      assertNothingSecretOrBroken(service, TASK_SECRET_KEY, TASK_SESSION_TOKEN);
    }
  }

  @Test
  void signsWithTheRoleItAssumesWithAWebIdentityToken() throws IOException {
    Path tokenFile = dir.resolve("eks-token");
    Files.writeString(tokenFile, WEB_IDENTITY_TOKEN);
    String role = "arn:aws:iam::123456789012:role/orders";
    try (FakeSts sts =
            FakeSts.start(
                WEB_IDENTITY_TOKEN, role, IRSA_ACCESS_KEY, IRSA_SECRET_KEY, IRSA_SESSION_TOKEN);
        ServiceProcess service =
            signingService("shipping", "gzip")
                .env("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString())
                .env("AWS_ROLE_ARN", role)
                .env("AWS_REGION", "us-east-1")
                .env("AWS_ENDPOINT_URL_STS", sts.endpoint())
                .start()) {
      awaitRulesAndSpans(service);

      assertEverySignatureGood(IRSA_ACCESS_KEY);
      assertThat(xray.requests())
          .allSatisfy(
              r ->
                  assertThat(r.headers())
                      .containsEntry("x-amz-security-token", IRSA_SESSION_TOKEN));
      assertThat(sts.calls())
          .isNotEmpty()
          .allSatisfy(
              call -> assertThat(call).containsEntry("Action", "AssumeRoleWithWebIdentity"));
      assertNothingSecretOrBroken(service, IRSA_SECRET_KEY, IRSA_SESSION_TOKEN);
      assertThat(service.output()).doesNotContain(WEB_IDENTITY_TOKEN);
    }
  }

  @Test
  void loadsNothingOfTheAwsSdkWhenSigningIsOff() throws IOException {
    Path classes = dir.resolve("classes-unsigned.log");
    try (ServiceProcess service =
        signingService("unsigned", "none")
            .property("otel.aws.xray.sigv4.enabled", "false")
            .env("AWS_ACCESS_KEY_ID", ENV_ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", ENV_SECRET_KEY)
            .jvmArgument("-Xlog:class+load=info:file=" + classes)
            .start()) {
      // Switched off for X-Ray's own host: the export and the sampler's calls go unsigned.
      service.get("/hello/unsigned");
      patiently()
          .alias("an export and a rules fetch reached the fake X-Ray")
          .until(
              () ->
                  !xray.requests("/v1/traces").isEmpty()
                      && !xray.requests("/GetSamplingRules").isEmpty());
      assertThat(xray.requests())
          .allSatisfy(r -> assertThat(r.problem()).isEqualTo("no SigV4 Authorization header"));
      assertThat(Files.readString(classes))
          .contains("io.github.otelxray.export.SignedExport")
          .doesNotContain(SHADED_AWS_SDK)
          .doesNotContain(SDK_SIGNER);
    }
  }

  private ServiceProcess.Builder signingService(String name, String compression)
      throws IOException {
    return withXRayHost(ServiceProcess.builder(name))
        .property("otel.traces.exporter", "otlp")
        .property("otel.exporter.otlp.protocol", "http/protobuf")
        .property("otel.exporter.otlp.traces.endpoint", xray.endpoint() + "/v1/traces")
        .property("otel.exporter.otlp.traces.compression", compression)
        .property("otel.traces.sampler", "xray")
        .property("otel.traces.sampler.arg", "endpoint=" + xray.endpoint());
  }

  /** X-Ray's real host name resolves to the loopback fake, whose certificate the JVM trusts. */
  private ServiceProcess.Builder withXRayHost(ServiceProcess.Builder builder) throws IOException {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 " + FakeXRay.HOST + "\n127.0.0.1 localhost\n");
    return builder
        .property("jdk.net.hosts.file", hosts.toString())
        .property("javax.net.ssl.trustStore", xray.trustStore().toString())
        .property("javax.net.ssl.trustStorePassword", FakeXRay.STORE_PASSWORD)
        .property("javax.net.ssl.trustStoreType", "PKCS12")
        .env("AWS_EC2_METADATA_DISABLED", "true");
  }

  /**
   * X-Ray's rules in force (a span sampled by X-Ray's rule {@code warmup} arrives through the
   * signed export), then the 0 % health rule keeps health checks out while the rest arrives.
   */
  private void awaitRulesAndSpans(ServiceProcess service) {
    try {
      awaitRuleInForce(service, collector, "/hello/warmup-", "warmup");
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no span sampled by X-Ray's rules arrived; " + xrayCalls(), e);
    }
    for (int i = 0; i < 5; i++) {
      assertThat(service.get("/health/check-" + i).statusCode()).isEqualTo(200);
    }
    service.get("/hello/marker");
    List<ExportedSpan> spans =
        collector.awaitSpans(
            all ->
                all.stream()
                    .anyMatch(s -> s.isServer() && "/hello/marker".equals(s.attribute("url.path"))),
            WAIT);
    assertThat(spans)
        .noneMatch(s -> String.valueOf(s.attribute("url.path")).startsWith("/health/"));
    // Our own calls (OTLP, sampling, credentials) make no spans.
    assertThat(spans).allSatisfy(s -> assertThat(s.isServer()).isTrue());
  }

  private void assertEverySignatureGood(String accessKey) {
    assertThat(xray.requests("/v1/traces")).isNotEmpty();
    assertThat(xray.requests("/GetSamplingRules")).isNotEmpty();
    assertThat(xray.requests())
        .allSatisfy(
            r -> {
              assertThat(r.problem()).as(r.path()).isNull();
              assertThat(r.headers().get("authorization"))
                  .contains("Credential=" + accessKey + "/")
                  .contains("/us-east-1/xray/aws4_request");
            });
  }

  private void assertNothingSecretOrBroken(
      ServiceProcess service, String secretKey, String sessionToken) {
    String output = service.output();
    assertThat(output).doesNotContain(secretKey).doesNotContain(sessionToken);
    assertThat(output).doesNotContain("SLF4J");
    assertThat(STACK_FRAME.matcher(output).find()).as(output).isFalse();
    assertThat(collector.badRequests()).isEmpty();
  }

  /** What the fake X-Ray was asked, and what it found wrong with each request. */
  private String xrayCalls() {
    return "requests to the fake X-Ray: "
        + xray.requests().stream().map(r -> r.path() + " " + r.problem()).distinct().toList();
  }
}
