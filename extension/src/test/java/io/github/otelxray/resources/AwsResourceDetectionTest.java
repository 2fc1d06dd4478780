/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsResourceDetectionTest {

  private static final String AWS_ENABLED = "otel.resource.providers.aws.enabled";
  private static final String ENABLED = "otel.java.enabled.resource.providers";
  private static final String DISABLED = "otel.java.disabled.resource.providers";

  private static final String BEANSTALK =
      "io.opentelemetry.contrib.aws.resource.BeanstalkResourceProvider";
  private static final String EC2 = "io.opentelemetry.contrib.aws.resource.Ec2ResourceProvider";
  private static final String ECS = "io.opentelemetry.contrib.aws.resource.EcsResourceProvider";
  private static final String EKS = "io.opentelemetry.contrib.aws.resource.EksResourceProvider";
  private static final String LAMBDA =
      "io.opentelemetry.contrib.aws.resource.LambdaResourceProvider";

  @TempDir Path root;

  private final Map<String, String> env = new HashMap<>();
  private final Map<String, String> userConfig = new HashMap<>();

  @Test
  void changesNothingOffAws() {
    assertThat(apply()).isEmpty();
  }

  @Test
  void enablesAwsDetectorsButOnlyEcsOnEcs() {
    env.put("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/abc");

    Map<String, String> properties = apply();

    assertThat(properties).containsOnlyKeys(AWS_ENABLED, DISABLED);
    assertThat(properties).containsEntry(AWS_ENABLED, "true");
    assertThat(disabled(properties)).containsExactlyInAnyOrder(BEANSTALK, EC2, EKS, LAMBDA);
  }

  @Test
  void keepsEc2DetectorOnForEksOnEc2() throws IOException {
    env.put("KUBERNETES_SERVICE_HOST", "10.100.0.1");
    write("var/run/secrets/kubernetes.io/serviceaccount/token", "eyJhbGciOi");
    write("sys/devices/virtual/dmi/id/sys_vendor", "Amazon EC2\n");

    assertThat(disabled(apply())).containsExactlyInAnyOrder(BEANSTALK, ECS, LAMBDA);
  }

  @Test
  void keepsUserDisabledProvidersWhenAddingOurs() {
    env.put("AWS_LAMBDA_FUNCTION_NAME", "fn");
    userConfig.put(DISABLED, "com.example.SlowProvider, " + EC2);

    List<String> disabled = disabled(apply());

    assertThat(disabled).startsWith("com.example.SlowProvider", EC2);
    assertThat(disabled)
        .containsExactlyInAnyOrder("com.example.SlowProvider", EC2, BEANSTALK, ECS, EKS);
  }

  @Test
  void keepsProviderUserDisabledEvenWhereItsPlatformIsEvident() {
    env.put("AWS_LAMBDA_FUNCTION_NAME", "fn");
    userConfig.put(DISABLED, LAMBDA);

    Map<String, String> properties = apply();

    assertThat(properties).containsEntry(AWS_ENABLED, "true");
    assertThat(disabled(properties)).contains(LAMBDA).doesNotHaveDuplicates();
  }

  @Test
  void leavesDisabledListAloneWhenEveryPlatformIsEvident() throws IOException {
    env.put("AWS_LAMBDA_FUNCTION_NAME", "fn");
    env.put("ECS_CONTAINER_METADATA_URI", "http://169.254.170.2/v3/abc");
    env.put("KUBERNETES_SERVICE_HOST", "10.100.0.1");
    write("var/run/secrets/kubernetes.io/serviceaccount/token", "eyJhbGciOi");
    write("sys/hypervisor/uuid", "ec2e1916-9099-7caf-fd21-012345abcdef\n");
    write("var/elasticbeanstalk/xray/environment.conf", "{}");

    assertThat(apply()).containsExactly(Map.entry(AWS_ENABLED, "true"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "false"})
  void respectsUsersAwsSwitch(String value) {
    env.put("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/abc");
    userConfig.put(AWS_ENABLED, value);

    assertThat(apply()).isEmpty();
  }

  @Test
  void respectsUsersEnabledProviderList() {
    env.put("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/abc");
    userConfig.put(ENABLED, ECS);

    assertThat(apply()).isEmpty();
  }

  private Map<String, String> apply() {
    return new AwsResourceDetection(new PlatformEvidence(env, root))
        .apply(DefaultConfigProperties.createFromMap(userConfig));
  }

  private static List<String> disabled(Map<String, String> properties) {
    assertThat(properties).containsKey(DISABLED);
    return Arrays.asList(properties.get(DISABLED).split(","));
  }

  private void write(String relativePath, String content) throws IOException {
    Path file = root.resolve(relativePath);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
