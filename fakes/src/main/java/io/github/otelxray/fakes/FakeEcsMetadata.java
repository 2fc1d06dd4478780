/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

/**
 * A fake of the ECS task metadata endpoint v4: the container and task JSON documents the ECS agent
 * serves a Fargate task's containers, because no ECS task runs here. Point {@code
 * ECS_CONTAINER_METADATA_URI_V4} at {@link #containerUri(CannedHttpServer)}.
 */
public final class FakeEcsMetadata {

  public static final String TASK_ARN =
      "arn:aws:ecs:eu-west-1:111122223333:task/smoke-cluster/0123456789abcdef0123456789abcdef";

  private FakeEcsMetadata() {}

  /** A loopback server answering the container and the task document of one Fargate task. */
  public static CannedHttpServer start() {
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

  /** The value of {@code ECS_CONTAINER_METADATA_URI_V4} for a container of that task. */
  public static String containerUri(CannedHttpServer server) {
    return server.baseUrl() + "/v4/container-1";
  }
}
