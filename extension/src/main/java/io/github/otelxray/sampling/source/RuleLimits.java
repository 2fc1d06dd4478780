/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import io.github.otelxray.sampling.source.JsonValues.InvalidJson;
import java.util.Map;

/**
 * How large a sampling rule may be: the limits X-Ray's API reference gives for {@code
 * SamplingRule}, and a bound on how many rules one rule set may hold.
 *
 * <p>X-Ray itself never sends a rule over these limits (it refuses to store one), so a rule that
 * exceeds them comes from a broken or hostile proxy; it is skipped with a reason, like any rule
 * with a bad value. They matter because every rule's patterns are matched on request threads: the
 * cost of a decision grows with the number of rules and the length of their patterns, and these
 * limits are what keeps it bounded. Local rules files are held to the same limits, so a rule that
 * works locally can also be created in X-Ray.
 */
final class RuleLimits {

  /** {@code RuleName}: 1 to 32 characters. */
  static final int RULE_NAME = 32;

  /** {@code ServiceName}, {@code ServiceType} and {@code Host}: at most 64 characters. */
  static final int SERVICE_NAME = 64;

  static final int SERVICE_TYPE = 64;
  static final int HOST = 64;

  /** {@code HTTPMethod}: at most 10 characters. */
  static final int HTTP_METHOD = 10;

  /** {@code URLPath}: at most 128 characters. */
  static final int URL_PATH = 128;

  /** {@code ResourceARN}: at most 500 characters. */
  static final int RESOURCE_ARN = 500;

  /** {@code Attributes}: at most 5 entries, keys and values 1 to 32 characters. */
  static final int ATTRIBUTES = 5;

  static final int ATTRIBUTE_KEY = 32;
  static final int ATTRIBUTE_VALUE = 32;

  /**
   * Rules in one rule set, X-Ray's or a local file's. Not an API limit: X-Ray accounts hold a few
   * dozen rules at most, so this is far above any real rule set, and it bounds what a proxy that
   * pages forever or answers with huge pages can make every request walk through.
   */
  static final int RULES = 1_000;

  private RuleLimits() {}

  /** {@code field}, a string of at most {@code max} characters. */
  static String string(Map<String, Object> map, String field, int max) throws InvalidJson {
    return checkLength(field, JsonValues.string(map, field), max);
  }

  /** {@code value} unless it is longer than {@code max} characters. */
  static String checkLength(String field, String value, int max) throws InvalidJson {
    if (value.length() > max) {
      throw new InvalidJson(
          field + " is " + value.length() + " characters long; the limit is " + max);
    }
    return value;
  }

  /** A name from outside for a log line: cut to the rule name limit, so no line can be huge. */
  static String forLog(Object name) {
    String text = String.valueOf(name);
    return text.length() <= RULE_NAME ? text : text.substring(0, RULE_NAME) + "...";
  }
}
