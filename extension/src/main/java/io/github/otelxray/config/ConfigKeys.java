/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.config;

/**
 * Every setting the extension reads, named once. System properties and their environment-variable
 * spellings ({@code OTEL_AWS_XRAY_ANNOTATIONS}) both arrive through the agent's {@code
 * ConfigProperties} under the property name; the X-Ray SDK's and Lambda's own variables are read
 * from the environment as they are spelled.
 */
public final class ConfigKeys {

  // The agent's own keys whose defaults the extension sets or whose values it reads.
  public static final String PROPAGATORS = "otel.propagators";
  public static final String SAMPLER = "otel.traces.sampler";
  public static final String SAMPLER_ARG = "otel.traces.sampler.arg";
  public static final String SERVICE_NAME = "otel.service.name";
  public static final String RESOURCE_ATTRIBUTES = "otel.resource.attributes";
  public static final String AWS_RESOURCE_PROVIDERS_ENABLED = "otel.resource.providers.aws.enabled";
  public static final String ENABLED_RESOURCE_PROVIDERS = "otel.java.enabled.resource.providers";
  public static final String DISABLED_RESOURCE_PROVIDERS = "otel.java.disabled.resource.providers";
  public static final String OTLP_ENDPOINT = "otel.exporter.otlp.endpoint";
  public static final String OTLP_TRACES_ENDPOINT = "otel.exporter.otlp.traces.endpoint";
  public static final String OTLP_PROTOCOL = "otel.exporter.otlp.protocol";
  public static final String OTLP_TRACES_PROTOCOL = "otel.exporter.otlp.traces.protocol";
  public static final String OTLP_HEADERS = "otel.exporter.otlp.headers";
  public static final String OTLP_TRACES_HEADERS = "otel.exporter.otlp.traces.headers";
  public static final String OTLP_COMPRESSION = "otel.exporter.otlp.compression";
  public static final String OTLP_TRACES_COMPRESSION = "otel.exporter.otlp.traces.compression";
  public static final String OTLP_TIMEOUT = "otel.exporter.otlp.timeout";
  public static final String OTLP_TRACES_TIMEOUT = "otel.exporter.otlp.traces.timeout";
  // The only retry setting the agent's OTLP exporters read (agents 2.23 to 2.33; SDK 1.41 on).
  public static final String OTLP_RETRY_DISABLED = "otel.java.exporter.otlp.retry.disabled";

  // The extension's keys.
  public static final String RULES_FILE = "otel.aws.xray.sampler.rules-file";
  public static final String RULE_ATTRIBUTE = "otel.aws.xray.sampler.rule-attribute";
  public static final String ANNOTATIONS = "otel.aws.xray.annotations";
  public static final String REDACT_ENABLED = "otel.aws.xray.redact.enabled";
  public static final String REDACT_HEADERS = "otel.aws.xray.redact.headers";
  public static final String REDACT_QUERY_PARAMS = "otel.aws.xray.redact.query-params";

  /**
   * SigV4 signing of the OTLP export and of the sampler's calls: {@code auto} (sign for {@code
   * xray.<region>.amazonaws.com}), {@code true} (any host), {@code false}.
   */
  public static final String SIGV4_ENABLED = "otel.aws.xray.sigv4.enabled";

  /**
   * ADOT's name, so users switch without edits; its env spelling {@code
   * AWS_XRAY_ADAPTIVE_SAMPLING_CONFIG} arrives under this key too.
   */
  public static final String ADAPTIVE_SAMPLING_CONFIG = "aws.xray.adaptive.sampling.config";

  // The X-Ray SDK's settings, honoured so its users migrate without edits.
  public static final String XRAY_DAEMON_ADDRESS = "AWS_XRAY_DAEMON_ADDRESS";
  public static final String XRAY_TRACING_NAME = "AWS_XRAY_TRACING_NAME";
  public static final String XRAY_TRACING_NAME_PROPERTY = "com.amazonaws.xray.strategy.tracingName";

  // Set by the Lambda runtime in every function's environment.
  public static final String LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";

  private ConfigKeys() {}
}
