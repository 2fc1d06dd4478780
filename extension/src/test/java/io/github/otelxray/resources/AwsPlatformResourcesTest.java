/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsPlatformResourcesTest {

  private static final AttributeKey<String> PLATFORM = AttributeKey.stringKey("cloud.platform");

  @TempDir Path root;

  private final List<String> asked = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  @Test
  void asksOnlyTheDetectorOfTheEvidentPlatform() {
    Map<String, String> env = new HashMap<>();
    env.put("ECS_CONTAINER_METADATA_URI_V4", "http://127.0.0.1:1/v4/c");

    AwsPlatformResources resources = resources(env);

    assertThat(resources.anyEvident()).isTrue();
    assertThat(resources.detect().getAttribute(PLATFORM)).isEqualTo("aws_ecs");
    assertThat(asked).containsExactly(AwsPlatform.ECS.providerClassName());
  }

  @Test
  void mergesEveryEvidentPlatform() {
    Map<String, String> env = new HashMap<>();
    env.put("ECS_CONTAINER_METADATA_URI_V4", "http://127.0.0.1:1/v4/c");
    env.put("AWS_LAMBDA_FUNCTION_NAME", "orders-fn");

    resources(env).detect();

    assertThat(asked)
        .containsExactlyInAnyOrder(
            AwsPlatform.ECS.providerClassName(), AwsPlatform.LAMBDA.providerClassName());
  }

  @Test
  void offAwsAsksNoDetectorAndDescribesNothing() {
    AwsPlatformResources resources = resources(new HashMap<>());

    assertThat(resources.anyEvident()).isFalse();
    assertThat(resources.detect()).isEqualTo(Resource.empty());
    assertThat(asked).isEmpty();
  }

  @Test
  void aMissingAgentDetectorIsSkippedWithOneWarning() {
    Function<String, Resource> detectors = AwsPlatformResources.agentDetectors(warnings::add);

    assertThat(detectors.apply("io.opentelemetry.contrib.aws.resource.NoSuchProvider")).isNull();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("NoSuchProvider")
        .contains("leaves out that platform");
  }

  @Test
  void anAgentDetectorIsFoundByClassNameAndAsked() {
    Function<String, Resource> detectors = AwsPlatformResources.agentDetectors(warnings::add);

    Resource resource = detectors.apply(LambdaLikeProvider.class.getName());

    assertThat(resource.getAttribute(PLATFORM)).isEqualTo("aws_lambda");
    assertThat(warnings).isEmpty();
  }

  private AwsPlatformResources resources(Map<String, String> env) {
    return new AwsPlatformResources(
        new PlatformEvidence(env, root),
        className -> {
          asked.add(className);
          String platform =
              className.equals(AwsPlatform.ECS.providerClassName()) ? "aws_ecs" : "aws_lambda";
          return Resource.create(io.opentelemetry.api.common.Attributes.of(PLATFORM, platform));
        });
  }

  /** Stands in for the agent's detectors, which this test's class path does not have. */
  public static final class LambdaLikeProvider implements ResourceProvider {
    @Override
    public Resource createResource(ConfigProperties config) {
      return Resource.create(io.opentelemetry.api.common.Attributes.of(PLATFORM, "aws_lambda"));
    }
  }
}
