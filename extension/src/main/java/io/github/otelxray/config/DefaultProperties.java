/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The defaults this extension sets ({@link XRayDefaults}), handed to the SDK as a properties
 * supplier: the lowest priority, so any system property, env var or configuration file of the user
 * wins.
 */
public final class DefaultProperties {

  private DefaultProperties() {}

  public static Map<String, String> forEnvironment(Map<String, String> env) {
    Map<String, String> defaults = new HashMap<>();
    XRayDefaults policy = XRayDefaults.forEnvironment(env);
    defaults.put(ConfigKeys.PROPAGATORS, String.join(",", policy.propagators()));
    defaults.put(ConfigKeys.SAMPLER, policy.samplerName());
    return Collections.unmodifiableMap(defaults);
  }
}
