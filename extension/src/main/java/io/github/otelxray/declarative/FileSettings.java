/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.otelxray.config.ConfigKeys;
import io.github.otelxray.logging.CappedWarnings;
import io.github.otelxray.logging.LogText;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Our settings in a configuration file, {@code instrumentation/development: java: aws_xray:},
 * turned into the property keys the rest of the extension reads, so each setting keeps one reader
 * and one set of checks ({@code ExportSettings}, {@code SamplerSettings}).
 *
 * <p>Lists may be YAML sequences ({@code annotations: [order_id, "app.*"]}) or the comma-separated
 * strings of the properties; an empty sequence of header or parameter names redacts none (the
 * properties' {@code none}). {@code adaptive_sampling} holds ADOT's adaptive sampling document
 * inline, as a mapping or a string. An unknown key gets one warning and is ignored.
 */
final class FileSettings {

  /** The file's path of each setting (below {@code aws_xray}) and its property key. */
  static final Map<String, String> PATHS;

  static {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("annotations", ConfigKeys.ANNOTATIONS);
    paths.put("redact.enabled", ConfigKeys.REDACT_ENABLED);
    paths.put("redact.headers", ConfigKeys.REDACT_HEADERS);
    paths.put("redact.query_params", ConfigKeys.REDACT_QUERY_PARAMS);
    paths.put("sampler.rules_file", ConfigKeys.RULES_FILE);
    paths.put("sampler.rule_attribute", ConfigKeys.RULE_ATTRIBUTE);
    paths.put("adaptive_sampling", ConfigKeys.ADAPTIVE_SAMPLING_CONFIG);
    paths.put("sigv4.enabled", ConfigKeys.SIGV4_ENABLED);
    PATHS = Collections.unmodifiableMap(paths);
  }

  static final String ROOT = "instrumentation/development.java." + ComponentNames.SETTINGS;

  private FileSettings() {}

  /** The settings of {@code node} (the {@code aws_xray} mapping; {@code null} when absent). */
  static ConfigProperties from(Map<String, Object> node, Consumer<String> warn) {
    return DefaultConfigProperties.createFromMap(properties(node, warn));
  }

  static Map<String, String> properties(Map<String, Object> node, Consumer<String> warn) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (node != null) {
      CappedWarnings unknown = new CappedWarnings(warn);
      collect("", node, properties, unknown, warn);
      unknown.countRest(
          n ->
              ROOT
                  + ": and "
                  + n
                  + " more keys that are not settings of the X-Ray extension"
                  + " ignored (not named).");
    }
    return properties;
  }

  private static void collect(
      String prefix,
      Map<?, ?> node,
      Map<String, String> properties,
      Consumer<String> unknown,
      Consumer<String> warn) {
    for (Map.Entry<?, ?> entry : node.entrySet()) {
      String path = prefix + entry.getKey();
      Object value = entry.getValue();
      String key = PATHS.get(path);
      if (key == null && value instanceof Map && isPrefix(path + ".")) {
        collect(path + ".", (Map<?, ?>) value, properties, unknown, warn);
      } else if (key == null) {
        unknown.accept(
            ROOT
                + "."
                + LogText.escape(path)
                + " is not a setting of the X-Ray extension; ignored. Known: "
                + String.join(", ", PATHS.keySet())
                + ".");
      } else if (value != null) {
        String text = text(path, key, value, warn);
        if (text != null) {
          properties.put(key, text);
        }
      }
    }
  }

  private static boolean isPrefix(String prefix) {
    for (String path : PATHS.keySet()) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String text(String path, String key, Object value, Consumer<String> warn) {
    if (key.equals(ConfigKeys.ADAPTIVE_SAMPLING_CONFIG) && value instanceof Map) {
      try {
        // The reader takes inline YAML or JSON, as from the environment variable.
        return JSON.std.asString(value);
      } catch (IOException e) {
        warn.accept(
            ROOT
                + "."
                + LogText.escape(path)
                + " could not be read ("
                + LogText.escape(e.toString())
                + "); ignored.");
        return null;
      }
    }
    if (value instanceof List) {
      List<String> items = new ArrayList<>();
      for (Object item : (List<?>) value) {
        if (item instanceof Map || item instanceof List) {
          warn.accept(
              ROOT
                  + "."
                  + LogText.escape(path)
                  + ": '"
                  + LogText.escape(String.valueOf(item))
                  + "' is not a"
                  + " name; the list is ignored.");
          return null;
        }
        if (item != null) {
          items.add(String.valueOf(item));
        }
      }
      if (items.isEmpty()) {
        // An empty list of names to redact says: none. An empty annotation list is no list.
        return key.equals(ConfigKeys.ANNOTATIONS) ? null : "none";
      }
      return String.join(",", items);
    }
    if (value instanceof Map) {
      warn.accept(
          ROOT
              + "."
              + LogText.escape(path)
              + " must be a value or a list, not a mapping; ignored.");
      return null;
    }
    return String.valueOf(value);
  }
}
