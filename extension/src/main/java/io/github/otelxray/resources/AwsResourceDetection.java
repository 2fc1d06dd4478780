/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.resources;

import io.github.otelxray.config.ConfigKeys;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns on the agent's AWS resource detectors for the platforms this process evidently runs on, and
 * only those (see {@link PlatformEvidence} for why and how).
 *
 * <p>Registered as a properties customizer: it runs before the agent's own one (which has the
 * highest order), and hands it {@code otel.resource.providers.aws.enabled=true} plus the AWS
 * providers to keep off, appended to whatever the user already disabled.
 *
 * <p>The user's settings win: with {@code otel.resource.providers.aws.enabled} set either way, or
 * with an explicit {@code otel.java.enabled.resource.providers} list, this changes nothing.
 */
public final class AwsResourceDetection implements Function<ConfigProperties, Map<String, String>> {

  private final PlatformEvidence evidence;

  AwsResourceDetection(PlatformEvidence evidence) {
    this.evidence = evidence;
  }

  public static AwsResourceDetection forThisProcess() {
    return new AwsResourceDetection(PlatformEvidence.ofThisProcess());
  }

  @Override
  public Map<String, String> apply(ConfigProperties config) {
    if (config.getString(ConfigKeys.AWS_RESOURCE_PROVIDERS_ENABLED) != null
        || !config.getList(ConfigKeys.ENABLED_RESOURCE_PROVIDERS).isEmpty()) {
      return Collections.emptyMap();
    }
    Set<AwsPlatform> evident = evidence.evident();
    if (evident.isEmpty()) {
      // Off AWS the agent's default (AWS detectors off) is exactly right.
      return Collections.emptyMap();
    }
    List<String> disabled = new ArrayList<>(config.getList(ConfigKeys.DISABLED_RESOURCE_PROVIDERS));
    for (AwsPlatform platform : AwsPlatform.values()) {
      if (!evident.contains(platform) && !disabled.contains(platform.providerClassName())) {
        disabled.add(platform.providerClassName());
      }
    }
    Map<String, String> properties = new HashMap<>();
    properties.put(ConfigKeys.AWS_RESOURCE_PROVIDERS_ENABLED, "true");
    if (!disabled.isEmpty()) {
      properties.put(ConfigKeys.DISABLED_RESOURCE_PROVIDERS, String.join(",", disabled));
    }
    return properties;
  }
}
