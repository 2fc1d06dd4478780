/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.CannedHttpServer;
import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.fakes.FakeEcsMetadata;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AWS resource detection with no flag set: on when the platform is evident from env vars or local
 * files, and never a probe of the instance metadata service otherwise.
 *
 * <p>Fakes, all on loopback: the ADOT collector ({@link FakeCollector}, OTLP protobuf); the ECS
 * task metadata endpoint v4 ({@link FakeEcsMetadata}), because no ECS task runs here; and the EC2
 * instance metadata service, which every JVM here is pointed at through {@code
 * otel.aws.imds.endpointOverride}, so a detector that asks is seen asking, and no packet ever goes
 * to 169.254.169.254.
 */
class ResourceDetectionSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private FakeCollector collector;
  private CannedHttpServer instanceMetadata;

  @BeforeEach
  void startFakes() {
    collector = FakeCollector.start();
    instanceMetadata = CannedHttpServer.start();
  }

  @AfterEach
  void stopFakes() {
    collector.close();
    instanceMetadata.close();
  }

  @Test
  void describesTheEcsTaskFromTheMetadataEnvVarWithNoFlagSet() {
    try (CannedHttpServer ecs = FakeEcsMetadata.start();
        ServiceProcess service =
            ServiceProcess.builder("orders")
                .exportingTo(collector)
                .property("otel.aws.imds.endpointOverride", instanceMetadata.hostAndPort())
                .env("ECS_CONTAINER_METADATA_URI_V4", FakeEcsMetadata.containerUri(ecs))
                .start()) {
      service.get("/hello/ecs");
      ExportedSpan span = collector.awaitServerSpan("/hello/ecs", WAIT);

      assertThat(span.resource())
          .containsEntry("cloud.provider", "aws")
          .containsEntry("cloud.platform", "aws_ecs")
          .containsEntry("aws.ecs.task.arn", FakeEcsMetadata.TASK_ARN);
      assertThat(ecs.requests()).isNotEmpty();
      assertThat(instanceMetadata.requests()).isEmpty();
    }
  }

  @Test
  void offAwsAsksNoMetadataServiceAndClaimsNoCloud() {
    try (ServiceProcess service =
        ServiceProcess.builder("laptop")
            .exportingTo(collector)
            .property("otel.aws.imds.endpointOverride", instanceMetadata.hostAndPort())
            .start()) {
      service.get("/hello/off-aws");
      ExportedSpan span = collector.awaitServerSpan("/hello/off-aws", WAIT);

      assertThat(span.resource()).doesNotContainKeys("cloud.provider", "cloud.platform");
      assertThat(instanceMetadata.requests()).isEmpty();
    }
  }

  @Test
  void userWhoEnablesAwsDetectionGetsEveryDetectorIncludingEc2() {
    // The control for the test above: it shows that a probe would be seen, and that the user's
    // explicit setting wins over our platform evidence.
    try (ServiceProcess service =
        ServiceProcess.builder("explicit")
            .exportingTo(collector)
            .property("otel.aws.imds.endpointOverride", instanceMetadata.hostAndPort())
            .property("otel.resource.providers.aws.enabled", "true")
            .start()) {
      service.get("/hello/explicit");
      collector.awaitServerSpan("/hello/explicit", WAIT);

      assertThat(instanceMetadata.requests()).isNotEmpty();
    }
  }

  @Test
  void insideLambdaJoinsTheTraceTheRuntimeGaveTheInvocation() {
    try (ServiceProcess function =
        ServiceProcess.builder("fn")
            .exportingTo(collector)
            .property("otel.aws.imds.endpointOverride", instanceMetadata.hostAndPort())
            .env("AWS_LAMBDA_FUNCTION_NAME", "orders-fn")
            .env("AWS_REGION", "eu-west-1")
            .env(
                "_X_AMZN_TRACE_ID",
                "Root=1-5759e988-cd862e3fe1be46a994272744;Parent=83995c3f42cd8ad8;Sampled=1")
            .start()) {
      function.get("/hello/lambda");
      ExportedSpan span = collector.awaitServerSpan("/hello/lambda", WAIT);

      assertThat(span.resource()).containsEntry("cloud.platform", "aws_lambda");
      assertThat(span.traceId()).isEqualTo("5759e988cd862e3fe1be46a994272744");
      assertThat(span.parentSpanId()).isEqualTo("83995c3f42cd8ad8");
      assertThat(instanceMetadata.requests()).isEmpty();
    }
  }
}
