/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import io.github.otelxray.config.BoundedFile;
import io.github.otelxray.logging.LogText;
import io.github.otelxray.sampling.rules.SamplingRule;
import io.github.otelxray.sampling.source.JsonValues.InvalidJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The X-Ray SDK's local sampling rules file, versions 1 and 2: rules matched in file order, each
 * with a per-instance {@code fixed_target} (traces a second) and a {@code rate}, and a required
 * {@code default}. In version 1 a rule's {@code service_name} is matched against the request's
 * host, as the SDK does. Unknown keys are ignored and comments allowed, like the SDK's parser.
 *
 * <p>Bounded like X-Ray's answers: at most {@link #MAX_BYTES} bytes and {@link RuleLimits#RULES}
 * rules, and each pattern within the API's limit for its field ({@link RuleLimits}). Only regular
 * files are read: a pipe or a device is refused without being opened.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class LocalRulesFile {

  private LocalRulesFile() {}

  /**
   * Larger files are refused unread, as are larger answers of the sampling API: a real rules file
   * is a few kilobytes, and a path set to a log file or a device must not fill the heap.
   */
  static final int MAX_BYTES = 1 << 20;

  /** The file's rules, the default last; throws with the file and the field at fault. */
  public static List<SamplingRule> load(Path file) throws InvalidRulesFile {
    String text;
    try {
      text = BoundedFile.read(file, MAX_BYTES);
    } catch (BoundedFile.Unreadable e) {
      throw new InvalidRulesFile(
          LogText.escape(file.toString()) + " " + e.getMessage() + "; not read");
    }
    try {
      return parse(text);
    } catch (InvalidJson e) {
      throw new InvalidRulesFile(LogText.escape(file.toString()) + " " + e.getMessage());
    }
  }

  static List<SamplingRule> parse(String text) throws InvalidJson {
    Map<String, Object> root = JsonValues.parseObject(JsonValues.LENIENT, text);
    int version = JsonValues.integer(root, "version");
    if (version != 1 && version != 2) {
      throw new InvalidJson("version " + version + " is not 1 or 2");
    }
    List<SamplingRule> rules = new ArrayList<>();
    Object rawRules = root.get("rules");
    if (rawRules != null && !(rawRules instanceof List)) {
      throw new InvalidJson("rules is not an array");
    }
    if (rawRules != null) {
      List<?> list = (List<?>) rawRules;
      if (list.size() > RuleLimits.RULES) {
        throw new InvalidJson(
            "rules has " + list.size() + " rules; the limit is " + RuleLimits.RULES);
      }
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Map)) {
          throw new InvalidJson("rules[" + i + "] is not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> rule = (Map<String, Object>) list.get(i);
        try {
          rules.add(rule(rule, i, version));
        } catch (InvalidJson e) {
          throw new InvalidJson("rules[" + i + "]." + e.getMessage());
        }
      }
    }
    Object rawDefault = root.get("default");
    if (!(rawDefault instanceof Map)) {
      throw new InvalidJson("default is missing or not an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fallback = (Map<String, Object>) rawDefault;
    for (String forbidden : new String[] {"host", "http_method", "url_path", "service_name"}) {
      if (fallback.containsKey(forbidden)) {
        throw new InvalidJson("default." + forbidden + " is not allowed: the default matches all");
      }
    }
    try {
      rules.add(
          SamplingRule.local(
              "Default",
              Integer.MAX_VALUE,
              "*",
              "*",
              "*",
              JsonValues.nonNegativeInt(fallback, "fixed_target"),
              JsonValues.rate(fallback, "rate")));
    } catch (InvalidJson e) {
      throw new InvalidJson("default." + e.getMessage());
    }
    return rules;
  }

  private static SamplingRule rule(Map<String, Object> rule, int index, int version)
      throws InvalidJson {
    // The API's limits for the same fields: a local rule must be one X-Ray could hold.
    String host =
        version == 1
            ? RuleLimits.string(rule, "service_name", RuleLimits.HOST)
            : RuleLimits.string(rule, "host", RuleLimits.HOST);
    String method = RuleLimits.string(rule, "http_method", RuleLimits.HTTP_METHOD);
    String path = RuleLimits.string(rule, "url_path", RuleLimits.URL_PATH);
    int fixedTarget = JsonValues.nonNegativeInt(rule, "fixed_target");
    double rate = JsonValues.rate(rule, "rate");
    Object description = rule.get("description");
    String name =
        description instanceof String && !((String) description).isEmpty()
            ? (String) description
            : "local rule " + (index + 1);
    return SamplingRule.local(name, index, host, method, path, fixedTarget, rate);
  }

  /** A rules file that cannot be used; the message names the file and the problem. */
  public static final class InvalidRulesFile extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidRulesFile(String message) {
      super(message);
    }
  }
}
