/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

/**
 * The names under which a configuration file finds our components.
 *
 * <p>Users write {@code xray} and {@code xray-lambda} for propagators, as with {@code
 * otel.propagators}. The agent already registers contrib's propagator components under exactly
 * those names, and the SDK refuses to start when two providers share a type and name ("Component
 * provider conflict"). So ours are registered under names of their own, and the model customizer
 * rewrites {@code xray} / {@code xray-lambda} in the file's propagator list to them before the SDK
 * resolves any name. The sampler and the id generator have no namesake in the agent and keep {@code
 * xray}.
 */
final class ComponentNames {

  /** The name users write for the X-Ray propagator, and contrib's component's name. */
  static final String XRAY = "xray";

  static final String XRAY_LAMBDA = "xray-lambda";

  /** Our {@code xray} propagator's own name; usable directly in a file, e.g. with agent 2.23. */
  static final String PROPAGATOR = "otelxray_xray";

  static final String LAMBDA_PROPAGATOR = "otelxray_xray_lambda";

  /** The span processor the model customizer adds to bind the xray sampler to the resource. */
  static final String SAMPLER_BINDING = "otelxray_sampler_binding";

  /**
   * Our AWS resource detector: the evident platforms only. The agent's {@code aws} detector runs
   * all of them, EC2's metadata probe included.
   */
  static final String AWS_RESOURCE = "otelxray_aws";

  /** Under {@code instrumentation/development: java:}, our settings' home. */
  static final String SETTINGS = "aws_xray";

  private ComponentNames() {}

  /** Our name for a propagator name of the file: ours for the X-Ray names, else the same. */
  static String propagator(String name) {
    if (XRAY.equals(name)) {
      return PROPAGATOR;
    }
    if (XRAY_LAMBDA.equals(name)) {
      return LAMBDA_PROPAGATOR;
    }
    return name;
  }
}
