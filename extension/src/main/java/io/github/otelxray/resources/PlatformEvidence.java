/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.resources;

import io.github.otelxray.config.ConfigValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which AWS platforms this process evidently runs on, judged from environment variables and local
 * files only: never from the network.
 *
 * <p>The agent's EC2 detector asks the instance metadata service at 169.254.169.254; off EC2 that
 * address does not answer and start-up waits for time-outs (aws-otel-java-instrumentation#181:
 * seconds to minutes). So each detector runs only where its platform leaves a local trace:
 *
 * <ul>
 *   <li>Lambda: {@code AWS_LAMBDA_FUNCTION_NAME}, set by the Lambda runtime.
 *   <li>ECS: {@code ECS_CONTAINER_METADATA_URI_V4} or {@code ECS_CONTAINER_METADATA_URI}, set by
 *       the ECS agent in every task container (the detector reads that endpoint, not
 *       169.254.169.254).
 *   <li>EKS: a Kubernetes service-account token at {@code
 *       /var/run/secrets/kubernetes.io/serviceaccount/token} and {@code KUBERNETES_SERVICE_HOST}.
 *   <li>EC2: the firmware tables Linux exposes: {@code /sys/devices/virtual/dmi/id/sys_vendor} or
 *       {@code board_vendor} reading "Amazon EC2" (Nitro), {@code bios_version} or {@code
 *       bios_vendor} containing "amazon" (Xen), or {@code /sys/hypervisor/uuid} starting with "ec2"
 *       (older Xen).
 *   <li>Elastic Beanstalk: its X-Ray config file {@code
 *       /var/elasticbeanstalk/xray/environment.conf}, which the detector itself reads.
 * </ul>
 */
final class PlatformEvidence {

  private static final String DMI = "sys/devices/virtual/dmi/id/";

  private final Map<String, String> env;
  private final Path root;

  /** {@code root} is the file-system root: {@code /} in production, a temp folder in tests. */
  PlatformEvidence(Map<String, String> env, Path root) {
    this.env = env;
    this.root = root;
  }

  static PlatformEvidence ofThisProcess() {
    return new PlatformEvidence(System.getenv(), Paths.get("/"));
  }

  Set<AwsPlatform> evident() {
    Set<AwsPlatform> platforms = EnumSet.noneOf(AwsPlatform.class);
    if (ConfigValues.inLambda(env)) {
      platforms.add(AwsPlatform.LAMBDA);
    }
    if (isSet("ECS_CONTAINER_METADATA_URI_V4") || isSet("ECS_CONTAINER_METADATA_URI")) {
      platforms.add(AwsPlatform.ECS);
    }
    if (isSet("KUBERNETES_SERVICE_HOST")
        && Files.isRegularFile(
            root.resolve("var/run/secrets/kubernetes.io/serviceaccount/token"))) {
      platforms.add(AwsPlatform.EKS);
    }
    if (isEc2()) {
      platforms.add(AwsPlatform.EC2);
    }
    if (Files.isRegularFile(root.resolve("var/elasticbeanstalk/xray/environment.conf"))) {
      platforms.add(AwsPlatform.BEANSTALK);
    }
    return platforms;
  }

  private boolean isEc2() {
    return read(DMI + "sys_vendor").contains("amazon ec2")
        || read(DMI + "board_vendor").contains("amazon ec2")
        || read(DMI + "bios_vendor").contains("amazon")
        || read(DMI + "bios_version").contains("amazon")
        || read("sys/hypervisor/uuid").startsWith("ec2");
  }

  private boolean isSet(String name) {
    String value = env.get(name);
    return value != null && !value.trim().isEmpty();
  }

  /** The file's first bytes, lower-cased and trimmed; empty when absent or unreadable. */
  private String read(String relativePath) {
    Path file = root.resolve(relativePath);
    try {
      if (!Files.isRegularFile(file)) {
        return "";
      }
      byte[] bytes = Files.readAllBytes(file);
      int length = Math.min(bytes.length, 256);
      return new String(bytes, 0, length, StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT);
    } catch (IOException | RuntimeException e) {
      // Unreadable (permissions, a sandbox): no evidence, which keeps the EC2 detector off.
      return "";
    }
  }
}
