/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentNamesTest {

  /**
   * The agent registers contrib's propagator components as {@code xray} and {@code xray-lambda}; a
   * second provider of a type and name stops the SDK ("Component provider conflict").
   */
  @Test
  void noRegisteredComponentTakesANameTheAgentAlreadyHasForItsType() throws Exception {
    List<ComponentProvider> ours = registered();

    assertThat(ours)
        .extracting(p -> p.getType().getName() + "/" + p.getName())
        .doesNotHaveDuplicates();
    assertThat(ours)
        .filteredOn(
            p -> p.getType() == io.opentelemetry.context.propagation.TextMapPropagator.class)
        .extracting(ComponentProvider::getName)
        .containsExactlyInAnyOrder("otelxray_xray", "otelxray_xray_lambda")
        .doesNotContain("xray", "xray-lambda");
    assertThat(ours)
        .extracting(ComponentProvider::getName)
        .containsExactlyInAnyOrder(
            "xray",
            "xray",
            "otelxray_xray",
            "otelxray_xray_lambda",
            "otelxray_sampler_binding",
            "otelxray_aws");
  }

  @Test
  void theXRayPropagatorNamesOfTheFileBecomeOursAndOthersStay() {
    assertThat(ComponentNames.propagator("xray")).isEqualTo("otelxray_xray");
    assertThat(ComponentNames.propagator("xray-lambda")).isEqualTo("otelxray_xray_lambda");
    assertThat(ComponentNames.propagator("b3")).isEqualTo("b3");
    assertThat(ComponentNames.propagator("XRay")).isEqualTo("XRay");
  }

  private static List<ComponentProvider> registered() throws Exception {
    List<ComponentProvider> providers = new ArrayList<>();
    try (InputStream in =
            ComponentNamesTest.class.getResourceAsStream(
                "/META-INF/services/" + ComponentProvider.class.getName());
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.trim().isEmpty()) {
          providers.add(
              (ComponentProvider) Class.forName(line.trim()).getConstructor().newInstance());
        }
      }
    } catch (IOException e) {
      throw e;
    }
    return providers;
  }
}
