package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AWS resource detection with no flag set: on when the platform is evident from env vars or local
 * files, and never a probe of the instance metadata service otherwise.
 *
 * <p>Fakes, all on loopback: the ADOT collector ({@link FakeCollector}, OTLP protobuf); the ECS
 * task metadata endpoint v4 (the container and task JSON documents the ECS agent serves), because
 * no ECS task runs here; and the EC2 instance metadata service, which every JVM here is pointed at
 * through {@code otel.aws.imds.endpointOverride}, so a detector that asks is seen asking, and no
 * packet ever goes to 169.254.169.254.
 */
class ResourceDetectionSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TASK_ARN =
      "arn:aws:ecs:eu-west-1:111122223333:task/smoke-cluster/0123456789abcdef0123456789abcdef";

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
    try (CannedHttpServer ecs = ecsMetadata();
        ServiceProcess service =
            ServiceProcess.builder("orders")
                .exportingTo(collector)
                .property("otel.aws.imds.endpointOverride", instanceMetadata.hostAndPort())
                .env("ECS_CONTAINER_METADATA_URI_V4", ecs.baseUrl() + "/v4/container-1")
                .start()) {
      service.get("/hello/ecs");
      ExportedSpan span = awaitServerSpan("/hello/ecs");

      assertThat(span.resource())
          .containsEntry("cloud.provider", "aws")
          .containsEntry("cloud.platform", "aws_ecs")
          .containsEntry("aws.ecs.task.arn", TASK_ARN);
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
      ExportedSpan span = awaitServerSpan("/hello/off-aws");

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
      awaitServerSpan("/hello/explicit");

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
      ExportedSpan span = awaitServerSpan("/hello/lambda");

      assertThat(span.resource()).containsEntry("cloud.platform", "aws_lambda");
      assertThat(span.traceId()).isEqualTo("5759e988cd862e3fe1be46a994272744");
      assertThat(span.parentSpanId()).isEqualTo("83995c3f42cd8ad8");
      assertThat(instanceMetadata.requests()).isEmpty();
    }
  }

  private ExportedSpan awaitServerSpan(String path) {
    List<ExportedSpan> spans =
        collector.awaitSpans(
            all -> all.stream().anyMatch(s -> s.isServer() && path.equals(s.attribute("url.path"))),
            WAIT);
    return spans.stream()
        .filter(s -> s.isServer() && path.equals(s.attribute("url.path")))
        .findFirst()
        .orElseThrow();
  }

  /** The two documents the ECS agent serves under the v4 metadata URI of a Fargate task. */
  private static CannedHttpServer ecsMetadata() {
    return CannedHttpServer.start()
        .answer(
            "/v4/container-1",
            """
            {"DockerId":"cd189a933e5849daa93386466019ab50-2495160603",
             "Name":"orders","DockerName":"orders",
             "Image":"111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2",
             "ImageID":"sha256:7e4e2fa8b7a7c7e5e7a2f6a9d5c1b3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0",
             "Labels":{"com.amazonaws.ecs.cluster":"smoke-cluster"},
             "ContainerARN":"arn:aws:ecs:eu-west-1:111122223333:container/smoke-cluster/0123456789abcdef0123456789abcdef/5b1d1e4c-0000-4000-8000-000000000001",
             "LogDriver":"awslogs",
             "LogOptions":{"awslogs-group":"/ecs/orders","awslogs-region":"eu-west-1",
                           "awslogs-stream":"ecs/orders/0123456789abcdef0123456789abcdef"}}
            """)
        .answer(
            "/v4/container-1/task",
            """
            {"Cluster":"arn:aws:ecs:eu-west-1:111122223333:cluster/smoke-cluster",
             "TaskARN":"%s",
             "Family":"orders","Revision":"7","DesiredStatus":"RUNNING","KnownStatus":"RUNNING",
             "AvailabilityZone":"eu-west-1a","LaunchType":"FARGATE"}
            """
                .formatted(TASK_ARN));
  }
}
