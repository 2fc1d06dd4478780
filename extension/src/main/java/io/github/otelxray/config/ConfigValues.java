/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.config;

import java.util.Map;
import java.util.function.Consumer;

/** Readings shared by every settings class, so each kind of value is parsed one way. */
public final class ConfigValues {

  private ConfigValues() {}

  /**
   * {@code true} or {@code false} in any case, surrounding blanks ignored; unset or blank gives
   * {@code defaultValue} silently, anything else gives it with one warning naming key and value.
   */
  public static boolean booleanOrDefault(
      String key, String value, boolean defaultValue, Consumer<String> warn) {
    if (value == null || value.trim().isEmpty()) {
      return defaultValue;
    }
    String trimmed = value.trim();
    if (trimmed.equalsIgnoreCase("true")) {
      return true;
    }
    if (trimmed.equalsIgnoreCase("false")) {
      return false;
    }
    warn.accept(key + " '" + value + "' is not true or false; using " + defaultValue + ".");
    return defaultValue;
  }

  /** Whether this process runs as a Lambda function: the runtime names the function in the env. */
  public static boolean inLambda(Map<String, String> env) {
    String functionName = env.get(ConfigKeys.LAMBDA_FUNCTION_NAME);
    return functionName != null && !functionName.trim().isEmpty();
  }
}
