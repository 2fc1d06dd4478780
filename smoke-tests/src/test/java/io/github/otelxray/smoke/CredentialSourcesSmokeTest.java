/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static io.github.otelxray.smoke.Waits.awaitRuleInForce;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.FakeAwsProxy;
import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.fakes.FakeContainerCredentials;
import io.github.otelxray.fakes.FakeImds;
import io.github.otelxray.fakes.FakeXRay;
import io.github.otelxray.fakes.SigV4Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The credential sources of the AWS SDK's default chain that a service without a collector meets in
 * production, each under the real agent, with the exporter and the sampler signing through the one
 * chain of the process (issue 20): profile files, the EC2 instance profile (IMDSv2) and EKS Pod
 * Identity (a token file). Every source gives its own access key, and the X-Ray fake's {@link
 * SigV4Verifier} knows each key's secret: a request signed with any other key is refused, and each
 * test checks that every signature names its source's key. Where the source is an endpoint, it is
 * asked for credentials once, though both the OTLP export and {@code GetSamplingRules} were signed:
 * one chain, not one per user.
 *
 * <p>Fakes, on loopback: X-Ray ({@link FakeXRay}: HTTPS under its real name through {@code
 * -Djdk.net.hosts.file}) with the collector and awsproxy behind it, the EC2 instance metadata
 * service ({@link FakeImds}, IMDSv2 with session tokens, reached through {@code
 * AWS_EC2_METADATA_SERVICE_ENDPOINT}) and the EKS Pod Identity Agent ({@link
 * FakeContainerCredentials}, on 127.0.0.1 rather than 169.254.170.23). None of them can run here;
 * nothing leaves 127.0.0.1. Profile files are real files in a temporary folder; the user's own
 * {@code ~/.aws} files are never read (both file variables are set in every case).
 */
class CredentialSourcesSmokeTest {

  private static final String PROFILE_ACCESS_KEY = "AKIDPROFILEFILE0001";
  private static final String PROFILE_SECRET_KEY = "profileSecretKey/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String DEFAULT_PROFILE_ACCESS_KEY = "AKIDDEFAULTPROFILE1";
  private static final String EC2_ACCESS_KEY = "ASIAINSTANCEPROFILE";
  private static final String EC2_SECRET_KEY = "instanceSecretKey/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String EC2_SESSION_TOKEN = "instanceSessionToken-IQoJb3JpZ2luX2VjEXAMPLE";
  private static final String EC2_ROLE = "orders-instance-role";
  private static final String POD_ACCESS_KEY = "ASIAPODIDENTITY0001";
  private static final String POD_SECRET_KEY = "podSecretKey/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String POD_SESSION_TOKEN = "podSessionToken-IQoJb3JpZ2luX2VjEXAMPLE";
  private static final String POD_SERVICE_ACCOUNT_TOKEN =
      "eyJhbGciOiJSUzI1NiJ9.eks-pod-identity-audience-pods.eks.amazonaws.com";

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
                    // Named apart from the built-in default, so a span it samples shows that
                    // X-Ray's rules (fetched signed) are in force.
                    FakeAwsProxy.rule("warmup", 2, "/hello/warmup-*", 0, 1.0),
                    FakeAwsProxy.rule("Default", 10000, "*", 0, 1.0)));
    // The verifier knows only the keys a source should give; the default profile's is not one.
    xray =
        FakeXRay.start(
            dir,
            new SigV4Verifier(
                Map.of(
                    PROFILE_ACCESS_KEY,
                    PROFILE_SECRET_KEY,
                    EC2_ACCESS_KEY,
                    EC2_SECRET_KEY,
                    POD_ACCESS_KEY,
                    POD_SECRET_KEY),
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

  /**
   * {@code AWS_PROFILE} names a profile of the files {@code AWS_CONFIG_FILE} and {@code
   * AWS_SHARED_CREDENTIALS_FILE} name; its keys sign, not the default profile's.
   */
  @Test
  void signsWithTheKeysOfTheProfileNamedByAwsProfile() throws IOException {
    Path config = dir.resolve("config");
    Path credentials = dir.resolve("credentials");
    Files.writeString(
        config, "[default]\nregion = eu-west-1\n\n[profile orders]\nregion = us-east-1\n");
    Files.writeString(
        credentials,
        """
        [default]
        aws_access_key_id = %s
        aws_secret_access_key = defaultSecret/K7MDENG+bPxRfiCYEXAMPLEKEY

        [orders]
        aws_access_key_id = %s
        aws_secret_access_key = %s
        """
            .formatted(DEFAULT_PROFILE_ACCESS_KEY, PROFILE_ACCESS_KEY, PROFILE_SECRET_KEY));
    try (ServiceProcess service =
        signingService(ServiceProcess.builder("profile-files"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_PROFILE", "orders")
            .env("AWS_CONFIG_FILE", config.toString())
            .env("AWS_SHARED_CREDENTIALS_FILE", credentials.toString())
            .start()) {
      awaitSignedRulesAndSpans(service);

      assertEverySignatureGood(PROFILE_ACCESS_KEY);
      assertThat(xray.requests())
          .allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("x-amz-security-token"));
      assertNothingSecretOrBroken(service, PROFILE_SECRET_KEY);
    }
  }

  /**
   * An EC2 instance with a role and IMDSv2 required: a session token first, then the role's name
   * and credentials with it, once for the exporter and the sampler together. The agent's own EC2
   * resource detector, were it to run, is pointed at the same fake: nothing asks 169.254.169.254.
   */
  @Test
  void signsWithTheInstanceProfileThroughIMDSv2AskedOnceForExporterAndSampler() throws IOException {
    try (FakeImds imds =
            FakeImds.withInstanceProfile(
                EC2_ROLE, EC2_ACCESS_KEY, EC2_SECRET_KEY, EC2_SESSION_TOKEN);
        ServiceProcess service =
            withoutProfileFiles(signingService(ServiceProcess.builder("instance-profile")))
                .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.endpoint())
                .property("otel.aws.imds.endpointOverride", imds.hostAndPort())
                .start()) {
      awaitSignedRulesAndSpans(service);

      assertEverySignatureGood(EC2_ACCESS_KEY);
      assertThat(xray.requests())
          .allSatisfy(
              r ->
                  assertThat(r.headers()).containsEntry("x-amz-security-token", EC2_SESSION_TOKEN));
      // IMDSv2: every read carried a token the fake gave out; the role's credentials read once.
      assertThat(imds.requests()).contains("PUT /latest/api/token");
      assertThat(imds.requests()).noneMatch(r -> r.endsWith("token)"));
      assertThat(imds.requests())
          .filteredOn(r -> r.startsWith("GET " + FakeImds.CREDENTIALS_PATH))
          .containsExactly(
              "GET " + FakeImds.CREDENTIALS_PATH, "GET " + FakeImds.CREDENTIALS_PATH + EC2_ROLE);
      assertNothingSecretOrBroken(service, EC2_SECRET_KEY, EC2_SESSION_TOKEN);
    }
  }

  static Stream<Arguments> agentsAndConfiguration() {
    return Stream.of(
        Arguments.of(SmokeEnvironment.agentVersion(), SmokeEnvironment.agentJar(), false),
        Arguments.of(
            SmokeEnvironment.oldestAgentVersion(), SmokeEnvironment.oldestAgentJar(), false),
        Arguments.of(SmokeEnvironment.agentVersion(), SmokeEnvironment.agentJar(), true));
  }

  /**
   * EKS Pod Identity: {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} names the Pod Identity Agent and
   * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE} the pod's projected token, which the SDK reads
   * and sends. The agent is asked once for the exporter and the sampler together. On the newest
   * agent and the oldest we support (signing must not depend on what the agent bundles), and with a
   * configuration file, where the SDK builds the exporter and the sampler by other paths.
   */
  @ParameterizedTest(name = "agent {0}, configuration file: {2}")
  @MethodSource("agentsAndConfiguration")
  void signsWithPodIdentityFromATokenFileAskedOnceForExporterAndSampler(
      String version, Path agentJar, boolean configurationFile) throws IOException {
    Path tokenFile = dir.resolve("eks-pod-identity-token");
    Files.writeString(tokenFile, POD_SERVICE_ACCOUNT_TOKEN);
    try (FakeContainerCredentials podIdentity =
            FakeContainerCredentials.startPodIdentity(
                POD_SERVICE_ACCOUNT_TOKEN,
                "123456789012",
                POD_ACCESS_KEY,
                POD_SECRET_KEY,
                POD_SESSION_TOKEN);
        ServiceProcess service =
            withoutProfileFiles(
                    configurationFile
                        ? signingFile(ServiceProcess.builder("pod-identity-file"))
                        : signingService(ServiceProcess.builder("pod-identity")))
                .agentJar(agentJar)
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", podIdentity.fullUri())
                .env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile.toString())
                .start()) {
      awaitSignedRulesAndSpans(service);

      assertEverySignatureGood(POD_ACCESS_KEY);
      assertThat(xray.requests())
          .allSatisfy(
              r ->
                  assertThat(r.headers()).containsEntry("x-amz-security-token", POD_SESSION_TOKEN));
      assertThat(podIdentity.authorizations())
          .as("requests to the Pod Identity Agent")
          .containsExactly(POD_SERVICE_ACCOUNT_TOKEN);
      assertNothingSecretOrBroken(service, POD_SECRET_KEY, POD_SESSION_TOKEN);
      assertThat(service.output()).doesNotContain(POD_SERVICE_ACCOUNT_TOKEN);
    }
  }

  /** Export and sampler both to X-Ray's own endpoint (signed), by system properties. */
  private ServiceProcess.Builder signingService(ServiceProcess.Builder builder) throws IOException {
    return withXRayHost(builder)
        .property("otel.traces.exporter", "otlp")
        .property("otel.exporter.otlp.protocol", "http/protobuf")
        .property("otel.exporter.otlp.traces.endpoint", xray.endpoint() + "/v1/traces")
        .property("otel.traces.sampler", "xray")
        .property("otel.traces.sampler.arg", "endpoint=" + xray.endpoint());
  }

  /** Export and sampler both to X-Ray's own endpoint (signed), by a configuration file. */
  private ServiceProcess.Builder signingFile(ServiceProcess.Builder builder) throws IOException {
    Path file = dir.resolve("otel.yaml");
    Files.writeString(
        file,
        """
        file_format: "1.2"
        resource:
          attributes: [{name: service.name, value: pod-identity-file}]
        tracer_provider:
          sampler: {xray: {endpoint: "%s"}}
          processors:
            - batch:
                schedule_delay: 100
                exporter: {otlp_http: {endpoint: "%s/v1/traces"}}
        """
            .formatted(xray.endpoint(), xray.endpoint()));
    return withXRayHost(builder).configFile(file);
  }

  /** X-Ray's real host name resolves to the loopback fake, whose certificate the JVM trusts. */
  private ServiceProcess.Builder withXRayHost(ServiceProcess.Builder builder) throws IOException {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 " + FakeXRay.HOST + "\n127.0.0.1 localhost\n");
    return builder
        .property("jdk.net.hosts.file", hosts.toString())
        .property("javax.net.ssl.trustStore", xray.trustStore().toString())
        .property("javax.net.ssl.trustStorePassword", FakeXRay.STORE_PASSWORD)
        .property("javax.net.ssl.trustStoreType", "PKCS12");
  }

  /** Profile files that do not exist: the chain must not find the user's {@code ~/.aws} ones. */
  private ServiceProcess.Builder withoutProfileFiles(ServiceProcess.Builder builder) {
    return builder
        .env("AWS_CONFIG_FILE", dir.resolve("no-config").toString())
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
  }

  /**
   * A span sampled by X-Ray's rule {@code warmup} arrives: the rules and the export were signed.
   */
  private void awaitSignedRulesAndSpans(ServiceProcess service) {
    awaitRuleInForce(service, collector, "/hello/warmup-", "warmup");
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

  private void assertNothingSecretOrBroken(ServiceProcess service, String... secrets) {
    String output = service.output();
    for (String secret : secrets) {
      assertThat(output).doesNotContain(secret);
    }
    assertThat(output).doesNotContain("AWS credentials for X-Ray");
    assertThat(collector.badRequests()).isEmpty();
  }
}
