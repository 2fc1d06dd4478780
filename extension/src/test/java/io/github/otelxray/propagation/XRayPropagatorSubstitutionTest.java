/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayLambdaPropagator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XRayPropagatorSubstitutionTest {

  private static final ConfigProperties CONFIG = DefaultConfigProperties.createFromMap(Map.of());

  private final XRayPropagatorSubstitution substitution = new XRayPropagatorSubstitution();

  @Test
  void replacesContribXRayPropagatorWithOurs() {
    assertThat(substitution.apply(AwsXrayPropagator.getInstance(), CONFIG))
        .isSameAs(XRayPropagator.getInstance());
  }

  @Test
  void replacesContribLambdaPropagatorWithOurs() {
    assertThat(substitution.apply(AwsXrayLambdaPropagator.getInstance(), CONFIG))
        .isSameAs(XRayLambdaPropagator.getInstance());
  }

  @Test
  void replacesAgentRelocatedContribPropagators() {
    // What the agent actually hands us: contrib relocated under its shaded prefix.
    String agentPackage =
        "io.opentelemetry.javaagent.shaded.io.opentelemetry.contrib.awsxray.propagator.";

    assertThat(substitution.apply(propagatorNamed(agentPackage + "AwsXrayPropagator"), CONFIG))
        .isSameAs(XRayPropagator.getInstance());
    assertThat(
            substitution.apply(propagatorNamed(agentPackage + "AwsXrayLambdaPropagator"), CONFIG))
        .isSameAs(XRayLambdaPropagator.getInstance());
  }

  @Test
  void keepsOurOwnRelocatedContribCopy() {
    // Our relocated copy also ends with the contrib name; only the agent's copies are meant.
    TextMapPropagator ownCopy =
        propagatorNamed(
            "io.github.otelxray.shaded.io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator");

    assertThat(substitution.apply(ownCopy, CONFIG)).isSameAs(ownCopy);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com.example.AwsXrayPropagator",
        "com.example.contrib.awsxray.propagator.AwsXrayPropagatorV2",
        "com.example.contrib.awsxray.propagator.MyAwsXrayPropagator",
        "io.opentelemetry.contrib.awsxray.AwsXrayPropagator",
      })
  void keepsPropagatorsThatOnlyLookSimilar(String className) {
    TextMapPropagator lookalike = propagatorNamed(className);

    assertThat(substitution.apply(lookalike, CONFIG)).isSameAs(lookalike);
  }

  @Test
  void keepsOtherPropagators() {
    assertThat(substitution.apply(W3CTraceContextPropagator.getInstance(), CONFIG))
        .isSameAs(W3CTraceContextPropagator.getInstance());
    assertThat(substitution.apply(W3CBaggagePropagator.getInstance(), CONFIG))
        .isSameAs(W3CBaggagePropagator.getInstance());
  }

  @Test
  void keepsOurPropagators() {
    assertThat(substitution.apply(XRayPropagator.getInstance(), CONFIG))
        .isSameAs(XRayPropagator.getInstance());
    assertThat(substitution.apply(XRayLambdaPropagator.getInstance(), CONFIG))
        .isSameAs(XRayLambdaPropagator.getInstance());
  }

  /** The substitution looks only at the class name, so an empty implementation will do. */
  private static TextMapPropagator propagatorNamed(String className) {
    try {
      return new ByteBuddy()
          .subclass(Object.class)
          .implement(TextMapPropagator.class)
          .name(className)
          .make()
          .load(
              XRayPropagatorSubstitutionTest.class.getClassLoader(),
              ClassLoadingStrategy.Default.WRAPPER)
          .getLoaded()
          .asSubclass(TextMapPropagator.class)
          .getDeclaredConstructor()
          .newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
