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

  /**
   * Inside Lambda the Lambda service samples: its decision arrives in the runtime's trace header,
   * which the {@code xray-lambda} propagator makes the parent. Rules would be polled from a daemon
   * that a function does not have (a warning at every cold start), so the default follows the
   * parent; a span without one, or whose header left the decision open, is sampled, as in the
   * OpenTelemetry default. {@code otel.traces.sampler=xray} set by the user still polls rules.
   */
  static final String LAMBDA_SAMPLER = "parentbased_always_on";

  private DefaultProperties() {}

  public static Map<String, String> forEnvironment(Map<String, String> env) {
    Map<String, String> defaults = new HashMap<>();
    boolean inLambda = ConfigValues.inLambda(env);
    defaults.put(ConfigKeys.PROPAGATORS, inLambda ? LAMBDA_PROPAGATORS : DEFAULT_PROPAGATORS);
    defaults.put(ConfigKeys.SAMPLER, inLambda ? LAMBDA_SAMPLER : DEFAULT_SAMPLER);
    return Collections.unmodifiableMap(defaults);
  }
}
