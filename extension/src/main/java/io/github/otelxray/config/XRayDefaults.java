/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the extension chooses where the user chose nothing: the one statement of that policy, read
 * by both configuration paths ({@link DefaultProperties} without a file, the model customizer with
 * one), so that they cannot drift apart.
 *
 * <p>Inside Lambda (evident from {@code AWS_LAMBDA_FUNCTION_NAME}) two choices differ. The
 * runtime's trace header is the parent, so the propagator is {@code xray-lambda}. And the Lambda
 * service has sampled already: its decision arrives in that header. Rules would be polled from a
 * daemon a function does not have (a warning at every cold start), so no {@code xray} sampler: the
 * SDK's parent-based {@code always_on} follows the parent, and a span without one, or whose header
 * left the decision open, is sampled, as in the OpenTelemetry default. A user who names {@code
 * xray} still gets rules polled.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class XRayDefaults {

  private static final List<String> PROPAGATORS =
      Collections.unmodifiableList(Arrays.asList("tracecontext", "baggage", "xray"));
  private static final List<String> LAMBDA_PROPAGATORS =
      Collections.unmodifiableList(Arrays.asList("tracecontext", "baggage", "xray-lambda"));

  private final boolean inLambda;

  private XRayDefaults(boolean inLambda) {
    this.inLambda = inLambda;
  }

  public static XRayDefaults forEnvironment(Map<String, String> env) {
    return new XRayDefaults(ConfigValues.inLambda(env));
  }

  /** The propagators, by the names users write in {@code otel.propagators}. */
  public List<String> propagators() {
    return inLambda ? LAMBDA_PROPAGATORS : PROPAGATORS;
  }

  /** Whether the X-Ray sampler (centralized rules, parent-based) is the default. */
  public boolean xraySampler() {
    return !inLambda;
  }

  /** The default sampler by its {@code otel.traces.sampler} name. */
  String samplerName() {
    return xraySampler() ? "xray" : "parentbased_always_on";
  }
}
