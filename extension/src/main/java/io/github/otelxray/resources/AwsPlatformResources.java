/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.resources;

import io.github.otelxray.logging.LogText;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Collections;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The resource of the AWS platforms this process evidently runs on, described by the agent's own
 * AWS detectors and only those (see {@link PlatformEvidence}): the same attributes as {@link
 * AwsResourceDetection} turns on without a configuration file, for where the agent runs none of our
 * property customizers.
 *
 * <p>The agent's {@code aws} detector component runs every AWS detector, EC2's metadata probe
 * included, so off EC2 it would make start-up wait on 169.254.169.254; this one never asks a
 * platform that left no local trace.
 */
public final class AwsPlatformResources {

  private final PlatformEvidence evidence;
  private final Function<String, Resource> detector;

  AwsPlatformResources(PlatformEvidence evidence, Function<String, Resource> detector) {
    this.evidence = evidence;
    this.detector = detector;
  }

  /**
   * The platforms of this process, described by the agent's detectors found by class name (the
   * extension does not bundle them); a detector that is missing or fails is skipped with one
   * warning through {@code warn}.
   */
  public static AwsPlatformResources forThisProcess(Consumer<String> warn) {
    return new AwsPlatformResources(PlatformEvidence.ofThisProcess(), agentDetectors(warn));
  }

  /** Whether any AWS platform is evident here; off AWS there is nothing to detect. */
  public boolean anyEvident() {
    return !evidence.evident().isEmpty();
  }

  /** The merged resource of the evident platforms; empty off AWS. */
  public Resource detect() {
    Set<AwsPlatform> platforms = evidence.evident();
    Resource resource = Resource.empty();
    for (AwsPlatform platform : platforms) {
      Resource detected = detector.apply(platform.providerClassName());
      if (detected != null) {
        resource = resource.merge(detected);
      }
    }
    return resource;
  }

  static Function<String, Resource> agentDetectors(Consumer<String> warn) {
    // The agent's detectors read nothing from their ConfigProperties argument (checked on 2.33.1);
    // an empty one keeps any future reader on its documented defaults.
    ConfigProperties noSettings = DefaultConfigProperties.createFromMap(Collections.emptyMap());
    return className -> {
      try {
        Class<?> type = Class.forName(className, true, AwsPlatformResources.class.getClassLoader());
        ResourceProvider provider = (ResourceProvider) type.getConstructor().newInstance();
        return provider.createResource(noSettings);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        warn.accept(
            "X-Ray resource detection: the agent's detector "
                + className
                + " is unavailable or failed ("
                + LogText.escape(String.valueOf(e))
                + "); the resource leaves out that platform's attributes.");
        return null;
      }
    };
  }
}
