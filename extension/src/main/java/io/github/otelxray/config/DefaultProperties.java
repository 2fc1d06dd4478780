package io.github.otelxray.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The defaults this extension sets, handed to the SDK as a properties supplier: the lowest
 * priority, so any system property, env var or configuration file of the user wins.
 */
public final class DefaultProperties {

  static final String DEFAULT_PROPAGATORS = "tracecontext,baggage,xray";

  /** Inside Lambda the runtime's trace header is the parent; see XRayLambdaPropagator. */
  static final String LAMBDA_PROPAGATORS = "tracecontext,baggage,xray-lambda";

  /** X-Ray's centralized rules, parent-based; see XRaySamplerProvider. */
  static final String DEFAULT_SAMPLER = "xray";

  private DefaultProperties() {}

  public static Map<String, String> forEnvironment(Map<String, String> env) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put(
        ConfigKeys.PROPAGATORS,
        ConfigValues.inLambda(env) ? LAMBDA_PROPAGATORS : DEFAULT_PROPAGATORS);
    defaults.put(ConfigKeys.SAMPLER, DEFAULT_SAMPLER);
    return Collections.unmodifiableMap(defaults);
  }
}
