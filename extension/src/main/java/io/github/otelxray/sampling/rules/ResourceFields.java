/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;

/**
 * The resource values rules match: service name, X-Ray service type, resource ARN.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class ResourceFields {

  public static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> CLOUD_PLATFORM = AttributeKey.stringKey("cloud.platform");
  static final AttributeKey<String> ECS_CONTAINER_ARN =
      AttributeKey.stringKey("aws.ecs.container.arn");
  static final AttributeKey<String> CLOUD_RESOURCE_ID = AttributeKey.stringKey("cloud.resource_id");

  private ResourceFields() {}

  /** X-Ray's origin names for the OpenTelemetry {@code cloud.platform} values. */
  static String serviceType(Resource resource) {
    String platform = resource.getAttribute(CLOUD_PLATFORM);
    if (platform == null) {
      return null;
    }
    switch (platform) {
      case "aws_ec2":
        return "AWS::EC2::Instance";
      case "aws_ecs":
        return "AWS::ECS::Container";
      case "aws_eks":
        return "AWS::EKS::Container";
      case "aws_elastic_beanstalk":
        return "AWS::ElasticBeanstalk::Environment";
      case "aws_lambda":
        return "AWS::Lambda::Function";
      default:
        return null;
    }
  }

  static String resourceArn(Resource resource) {
    String arn = resource.getAttribute(ECS_CONTAINER_ARN);
    if (arn == null && "aws_lambda".equals(resource.getAttribute(CLOUD_PLATFORM))) {
      arn = resource.getAttribute(CLOUD_RESOURCE_ID);
    }
    return arn;
  }
}
