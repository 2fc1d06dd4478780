/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.resources;

import io.github.otelxray.config.ConfigKeys;
import io.github.otelxray.config.ConfigValues;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.Collections;
import java.util.Map;
import java.util.function.Function;

/**
 * The service name a user expects when they set none the OpenTelemetry way: the X-Ray SDK's setting
 * carried over, {@code AWS_XRAY_TRACING_NAME} (or the SDK's system property {@code
 * com.amazonaws.xray.strategy.tracingName}; the variable wins, as in the SDK), and inside Lambda
 * otherwise the function's name, which Lambda's own segment and the service map show (instead of
 * {@code unknown_service:java}).
 *
 * <p>A properties customizer rather than a default: {@code otel.service.name} beats a {@code
 * service.name} in {@code otel.resource.attributes}, so a default would override the user's
 * resource attribute. Here it applies only when neither is set.
 */
public final class XRayServiceName implements Function<ConfigProperties, Map<String, String>> {

  private final Map<String, String> env;
  private final Function<String, String> systemProperties;

  XRayServiceName(Map<String, String> env, Function<String, String> systemProperties) {
    this.env = env;
    this.systemProperties = systemProperties;
  }

  public static XRayServiceName forThisProcess() {
    return new XRayServiceName(System.getenv(), System::getProperty);
  }

  /** The X-Ray SDK's service name setting of this process, or {@code null}. */
  public static String ofXRaySdk(
      Map<String, String> env, Function<String, String> systemProperties) {
    return firstNonBlank(
        env.get(ConfigKeys.XRAY_TRACING_NAME),
        systemProperties.apply(ConfigKeys.XRAY_TRACING_NAME_PROPERTY));
  }

  /**
   * The default service name of this process: the X-Ray SDK's setting, else inside Lambda the
   * function's name; {@code null} when there is neither.
   */
  public static String defaultFor(
      Map<String, String> env, Function<String, String> systemProperties) {
    String name = ofXRaySdk(env, systemProperties);
    if (name == null && ConfigValues.inLambda(env)) {
      name = env.get(ConfigKeys.LAMBDA_FUNCTION_NAME).trim();
    }
    return name;
  }

  @Override
  public Map<String, String> apply(ConfigProperties config) {
    String name = defaultFor(env, systemProperties);
    if (name == null
        || config.getString(ConfigKeys.SERVICE_NAME) != null
        || config.getMap(ConfigKeys.RESOURCE_ATTRIBUTES).containsKey("service.name")) {
      return Collections.emptyMap();
    }
    return Collections.singletonMap(ConfigKeys.SERVICE_NAME, name);
  }

  private static String firstNonBlank(String first, String second) {
    if (first != null && !first.trim().isEmpty()) {
      return first.trim();
    }
    return second != null && !second.trim().isEmpty() ? second.trim() : null;
  }
}
