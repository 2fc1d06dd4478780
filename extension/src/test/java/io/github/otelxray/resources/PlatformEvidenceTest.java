/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformEvidenceTest {

  private static final String DMI = "sys/devices/virtual/dmi/id/";
  private static final String TOKEN = "var/run/secrets/kubernetes.io/serviceaccount/token";
  private static final String BEANSTALK_CONF = "var/elasticbeanstalk/xray/environment.conf";

  @TempDir Path root;

  private final Map<String, String> env = new HashMap<>();

  @Test
  void seesNothingOnEmptyRootAndEnv() {
    assertThat(evidence().evident()).isEmpty();
  }

  @Test
  void detectsLambdaFromFunctionName() {
    env.put("AWS_LAMBDA_FUNCTION_NAME", "fn");

    assertThat(evidence().evident()).containsExactly(AwsPlatform.LAMBDA);
  }

  @ParameterizedTest
  @CsvSource({
    "ECS_CONTAINER_METADATA_URI_V4, http://169.254.170.2/v4/abc",
    "ECS_CONTAINER_METADATA_URI, http://169.254.170.2/v3/abc",
  })
  void detectsEcsFromMetadataEndpoint(String name, String value) {
    env.put(name, value);

    assertThat(evidence().evident()).containsExactly(AwsPlatform.ECS);
  }

  @Test
  void detectsEksFromServiceHostAndToken() throws IOException {
    env.put("KUBERNETES_SERVICE_HOST", "10.100.0.1");
    write(TOKEN, "eyJhbGciOi");

    assertThat(evidence().evident()).containsExactly(AwsPlatform.EKS);
  }

  @Test
  void needsTokenFileForEks() {
    env.put("KUBERNETES_SERVICE_HOST", "10.100.0.1");

    assertThat(evidence().evident()).isEmpty();
  }

  @Test
  void needsServiceHostForEks() throws IOException {
    write(TOKEN, "eyJhbGciOi");

    assertThat(evidence().evident()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "sys_vendor, 'Amazon EC2'", // Nitro
    "board_vendor, 'Amazon EC2'",
    "bios_vendor, 'Amazon EC2'",
    "bios_version, '4.11.amazon'", // Xen
    "sys_vendor, 'AMAZON EC2'",
  })
  void detectsEc2FromFirmwareTables(String file, String content) throws IOException {
    write(DMI + file, content + "\n");

    assertThat(evidence().evident()).containsExactly(AwsPlatform.EC2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ec2e1916-9099-7caf-fd21-012345abcdef\n", "EC2E1916-9099-7CAF-FD21-012345ABCDEF"})
  void detectsEc2FromXenHypervisorUuid(String uuid) throws IOException {
    write("sys/hypervisor/uuid", uuid);

    assertThat(evidence().evident()).containsExactly(AwsPlatform.EC2);
  }

  @ParameterizedTest
  @CsvSource({
    "sys_vendor, 'QEMU'",
    "board_vendor, 'Google'",
    "bios_vendor, 'SeaBIOS'",
    "bios_version, '1.16.0-debian'",
    "sys_vendor, ''",
  })
  void doesNotTakeOtherFirmwareForEc2(String file, String content) throws IOException {
    write(DMI + file, content + "\n");

    assertThat(evidence().evident()).isEmpty();
  }

  @Test
  void doesNotTakeOtherHypervisorUuidForEc2() throws IOException {
    write("sys/hypervisor/uuid", "1f2e3d4c-9099-7caf-fd21-0ec2ec2ec2ec\n");

    assertThat(evidence().evident()).isEmpty();
  }

  @Test
  void detectsBeanstalkFromXRayConfig() throws IOException {
    write(BEANSTALK_CONF, "{\"deployment_id\":1}");

    assertThat(evidence().evident()).containsExactly(AwsPlatform.BEANSTALK);
  }

  @Test
  void detectsSeveralPlatformsAtOnce() throws IOException {
    env.put("KUBERNETES_SERVICE_HOST", "10.100.0.1");
    write(TOKEN, "eyJhbGciOi");
    write(DMI + "sys_vendor", "Amazon EC2\n");

    assertThat(evidence().evident()).containsExactlyInAnyOrder(AwsPlatform.EKS, AwsPlatform.EC2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", "  \n"})
  void ignoresBlankEnvValues(String blank) throws IOException {
    env.put("AWS_LAMBDA_FUNCTION_NAME", blank);
    env.put("ECS_CONTAINER_METADATA_URI_V4", blank);
    env.put("ECS_CONTAINER_METADATA_URI", blank);
    env.put("KUBERNETES_SERVICE_HOST", blank);
    write(TOKEN, "eyJhbGciOi");

    assertThat(evidence().evident()).isEmpty();
  }

  @Test
  void treatsDirectoriesWhereFilesBelongAsNoEvidence() throws IOException {
    env.put("KUBERNETES_SERVICE_HOST", "10.100.0.1");
    Files.createDirectories(root.resolve(TOKEN));
    Files.createDirectories(root.resolve(DMI + "sys_vendor"));
    Files.createDirectories(root.resolve(DMI + "bios_version"));
    Files.createDirectories(root.resolve("sys/hypervisor/uuid"));
    Files.createDirectories(root.resolve(BEANSTALK_CONF));

    // Unreadable evidence must not fail the agent's start-up, and must not count.
    assertThat(evidence().evident()).isEmpty();
  }

  @Test
  void toleratesRootThatDoesNotExist() {
    PlatformEvidence missing = new PlatformEvidence(env, root.resolve("no/such/dir"));

    assertThat(missing.evident()).isEmpty();
  }

  private PlatformEvidence evidence() {
    return new PlatformEvidence(env, root);
  }

  private void write(String relativePath, String content) throws IOException {
    Path file = root.resolve(relativePath);
    Files.createDirectories(file.getParent());
    Files.write(file, content.getBytes(StandardCharsets.UTF_8));
  }
}
