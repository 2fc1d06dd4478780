/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.propagation;

import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.function.BiFunction;

/**
 * Puts our propagators in place of contrib's wherever the configuration names {@code xray} or
 * {@code xray-lambda}.
 *
 * <p>The agent registers contrib's providers under those names. Registering ours under the same
 * names would be a silent race (autoconfigure keeps whichever provider loads last), so instead we
 * let the agent's provider be chosen and swap the instance it built in the propagator customizer,
 * which the SDK applies to every configured propagator. The agent relocates contrib under its
 * {@code io.opentelemetry.javaagent.shaded} prefix, so classes are recognised by name suffix.
 *
 * <p>The suffix deliberately lacks the {@code io.opentelemetry} prefix: maven-shade rewrites string
 * literals that match a relocation pattern, and would turn a full name into the name of our own
 * relocated copy, which the agent never hands us (a smoke test pins this).
 */
public final class XRayPropagatorSubstitution
    implements BiFunction<TextMapPropagator, ConfigProperties, TextMapPropagator> {

  private static final String CONTRIB_PACKAGE = ".contrib.awsxray.propagator.";

  @Override
  public TextMapPropagator apply(TextMapPropagator propagator, ConfigProperties config) {
    String className = propagator.getClass().getName();
    if (className.startsWith("io.github.otelxray.")) {
      return propagator;
    }
    if (className.endsWith(CONTRIB_PACKAGE + "AwsXrayPropagator")) {
      return XRayPropagator.getInstance();
    }
    if (className.endsWith(CONTRIB_PACKAGE + "AwsXrayLambdaPropagator")) {
      return XRayLambdaPropagator.getInstance();
    }
    return propagator;
  }
}
