/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceFieldsTest {

  private static final AttributeKey<String> PLATFORM = AttributeKey.stringKey("cloud.platform");
  private static final AttributeKey<String> ECS_ARN =
      AttributeKey.stringKey("aws.ecs.container.arn");
  private static final AttributeKey<String> RESOURCE_ID =
      AttributeKey.stringKey("cloud.resource_id");

  private static final String LAMBDA_ARN =
      "arn:aws:lambda:eu-west-1:123456789012:function:checkout";
  private static final String CONTAINER_ARN =
      "arn:aws:ecs:eu-west-1:123456789012:container/prod/0b1a/1c2d";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "aws_ec2, AWS::EC2::Instance",
    "aws_ecs, AWS::ECS::Container",
    "aws_eks, AWS::EKS::Container",
    "aws_elastic_beanstalk, AWS::ElasticBeanstalk::Environment",
    "aws_lambda, AWS::Lambda::Function",
  })
  void mapsCloudPlatformToXRayServiceType(String platform, String serviceType) {
    assertThat(ResourceFields.serviceType(Resource.create(Attributes.of(PLATFORM, platform))))
        .isEqualTo(serviceType);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gcp_compute_engine", "azure_vm", "AWS_EC2", "aws_app_runner", ""})
  void hasNoServiceTypeForOtherPlatforms(String platform) {
    assertThat(ResourceFields.serviceType(Resource.create(Attributes.of(PLATFORM, platform))))
        .isNull();
  }

  @Test
  void hasNoServiceTypeWithoutCloudPlatform() {
    assertThat(ResourceFields.serviceType(Resource.empty())).isNull();
  }

  @Test
  void takesResourceArnFromTheEcsContainerArn() {
    Resource resource = Resource.create(Attributes.of(PLATFORM, "aws_ecs", ECS_ARN, CONTAINER_ARN));

    assertThat(ResourceFields.resourceArn(resource)).isEqualTo(CONTAINER_ARN);
  }

  @Test
  void takesResourceArnFromCloudResourceIdOnLambda() {
    Resource resource =
        Resource.create(Attributes.of(PLATFORM, "aws_lambda", RESOURCE_ID, LAMBDA_ARN));

    assertThat(ResourceFields.resourceArn(resource)).isEqualTo(LAMBDA_ARN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws_ec2", "aws_eks", "aws_ecs"})
  void ignoresCloudResourceIdOffLambda(String platform) {
    Resource resource = Resource.create(Attributes.of(PLATFORM, platform, RESOURCE_ID, LAMBDA_ARN));

    assertThat(ResourceFields.resourceArn(resource)).isNull();
  }

  @Test
  void ignoresCloudResourceIdWithoutAnyPlatform() {
    assertThat(ResourceFields.resourceArn(Resource.create(Attributes.of(RESOURCE_ID, LAMBDA_ARN))))
        .isNull();
  }

  @Test
  void prefersTheEcsContainerArn() {
    Resource resource =
        Resource.create(
            Attributes.of(PLATFORM, "aws_lambda", RESOURCE_ID, LAMBDA_ARN, ECS_ARN, CONTAINER_ARN));

    assertThat(ResourceFields.resourceArn(resource)).isEqualTo(CONTAINER_ARN);
  }

  @Test
  void hasNoResourceArnOnAnEmptyResource() {
    assertThat(ResourceFields.resourceArn(Resource.empty())).isNull();
  }
}
