/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class XRayServiceNameTest {

  private static final Function<String, String> NO_PROPERTIES = key -> null;

  @Test
  void usesTheXRayTracingNameWhenNoServiceNameIsSet() {
    XRayServiceName name =
        new XRayServiceName(Map.of("AWS_XRAY_TRACING_NAME", "orders"), NO_PROPERTIES);

    assertThat(name.apply(config(Map.of())))
        .containsExactly(Map.entry("otel.service.name", "orders"));
  }

  @Test
  void leavesAnOtelServiceNameAlone() {
    XRayServiceName name =
        new XRayServiceName(Map.of("AWS_XRAY_TRACING_NAME", "orders"), NO_PROPERTIES);

    assertThat(name.apply(config(Map.of("otel.service.name", "billing")))).isEmpty();
  }

  @Test
  void leavesAServiceNameResourceAttributeAlone() {
    // otel.service.name would beat it, so setting ours here would override the user.
    XRayServiceName name =
        new XRayServiceName(Map.of("AWS_XRAY_TRACING_NAME", "orders"), NO_PROPERTIES);

    assertThat(
            name.apply(config(Map.of("otel.resource.attributes", "team=a,service.name=billing"))))
        .isEmpty();
  }

  @Test
  void fallsBackToTheXRaySdkSystemPropertyAndPrefersTheVariable() {
    Function<String, String> properties =
        key -> key.equals("com.amazonaws.xray.strategy.tracingName") ? "from-property" : null;

    assertThat(new XRayServiceName(Map.of(), properties).apply(config(Map.of())))
        .containsEntry("otel.service.name", "from-property");
    assertThat(
            new XRayServiceName(Map.of("AWS_XRAY_TRACING_NAME", "from-env"), properties)
                .apply(config(Map.of())))
        .containsEntry("otel.service.name", "from-env");
  }

  @Test
  void ignoresABlankTracingName() {
    assertThat(
            new XRayServiceName(Map.of("AWS_XRAY_TRACING_NAME", "  "), NO_PROPERTIES)
                .apply(config(Map.of())))
        .isEmpty();
  }

  @Test
  void insideLambdaUsesTheFunctionName() {
    XRayServiceName name =
        new XRayServiceName(Map.of("AWS_LAMBDA_FUNCTION_NAME", "checkout-fn"), NO_PROPERTIES);

    assertThat(name.apply(config(Map.of())))
        .containsExactly(Map.entry("otel.service.name", "checkout-fn"));
  }

  @Test
  void insideLambdaTheXRayTracingNameStillWins() {
    XRayServiceName name =
        new XRayServiceName(
            Map.of("AWS_LAMBDA_FUNCTION_NAME", "checkout-fn", "AWS_XRAY_TRACING_NAME", "orders"),
            NO_PROPERTIES);

    assertThat(name.apply(config(Map.of())))
        .containsExactly(Map.entry("otel.service.name", "orders"));
  }

  @Test
  void insideLambdaTheUsersServiceNameWins() {
    XRayServiceName name =
        new XRayServiceName(Map.of("AWS_LAMBDA_FUNCTION_NAME", "checkout-fn"), NO_PROPERTIES);

    assertThat(name.apply(config(Map.of("otel.service.name", "billing")))).isEmpty();
    assertThat(name.apply(config(Map.of("otel.resource.attributes", "service.name=billing"))))
        .isEmpty();
  }

  @Test
  void aBlankFunctionNameIsNoName() {
    assertThat(
            new XRayServiceName(Map.of("AWS_LAMBDA_FUNCTION_NAME", " "), NO_PROPERTIES)
                .apply(config(Map.of())))
        .isEmpty();
  }

  private static DefaultConfigProperties config(Map<String, String> properties) {
    return DefaultConfigProperties.createFromMap(properties);
  }
}
