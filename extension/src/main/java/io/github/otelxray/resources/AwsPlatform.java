/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.resources;

/**
 * The AWS platforms the agent can describe in the resource, each with the agent's resource provider
 * (opentelemetry-java-contrib {@code aws-resources}, bundled in agent 2.x and switched off there
 * unless {@code otel.resource.providers.aws.enabled=true}).
 */
enum AwsPlatform {
  BEANSTALK("io.opentelemetry.contrib.aws.resource.BeanstalkResourceProvider"),
  EC2("io.opentelemetry.contrib.aws.resource.Ec2ResourceProvider"),
  ECS("io.opentelemetry.contrib.aws.resource.EcsResourceProvider"),
  EKS("io.opentelemetry.contrib.aws.resource.EksResourceProvider"),
  LAMBDA("io.opentelemetry.contrib.aws.resource.LambdaResourceProvider");

  private final String providerClassName;

  AwsPlatform(String providerClassName) {
    this.providerClassName = providerClassName;
  }

  String providerClassName() {
    return providerClassName;
  }
}
