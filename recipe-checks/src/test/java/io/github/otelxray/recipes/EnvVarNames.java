/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variable and system property names something actually reads: the product's own
 * keys (string constants in the extension's sources, so new keys are picked up without editing this
 * list), the agent's and SDK's standard ones the recipes use, and platform names.
 */
final class EnvVarNames {

  private static final Pattern PRODUCT_KEY =
      Pattern.compile("\"((?:otel\\.|AWS_XRAY_|com\\.amazonaws\\.xray\\.)[A-Za-z0-9_.\\-]+)\"");

  /** Agent / SDK configuration the recipes may set. */
  static final Set<String> AGENT_ENV =
      Set.of(
          "OTEL_SERVICE_NAME",
          "OTEL_RESOURCE_ATTRIBUTES",
          "OTEL_EXPORTER_OTLP_ENDPOINT",
          "OTEL_EXPORTER_OTLP_PROTOCOL",
          "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
          "OTEL_TRACES_SAMPLER",
          "OTEL_TRACES_SAMPLER_ARG",
          "OTEL_PROPAGATORS",
          "OTEL_METRICS_EXPORTER",
          "OTEL_LOGS_EXPORTER",
          "OTEL_TRACES_EXPORTER",
          "OTEL_JAVAAGENT_EXTENSIONS",
          "OTEL_JAVAAGENT_ENABLED",
          "OTEL_JAVAAGENT_DEBUG");

  static final List<String> AGENT_ENV_PREFIXES = List.of("OTEL_INSTRUMENTATION_", "OTEL_BSP_");

  /** The JVM, AWS SDKs / Lambda and the ADOT collector image. OTEL_NODE_IP is handled apart. */
  static final Set<String> PLATFORM_ENV =
      Set.of(
          "JAVA_TOOL_OPTIONS",
          "AWS_REGION",
          "AWS_DEFAULT_REGION",
          "AWS_LAMBDA_EXEC_WRAPPER",
          "AOT_CONFIG_CONTENT");

  /** The Kubernetes helper variable for the node's IP (downward API status.hostIP). */
  static final String NODE_IP = "OTEL_NODE_IP";

  final Set<String> productKeys;
  private final Set<String> exactEnv = new TreeSet<>();
  private final Set<String> exactProperties = new TreeSet<>();

  EnvVarNames(Set<String> productKeys) {
    this.productKeys = Set.copyOf(productKeys);
    exactEnv.addAll(AGENT_ENV);
    exactEnv.addAll(PLATFORM_ENV);
    for (String key : productKeys) {
      if (key.startsWith("AWS_XRAY_")) {
        exactEnv.add(key);
      } else if (key.startsWith("otel.")) {
        exactEnv.add(envName(key));
        exactProperties.add(key);
      } else {
        exactProperties.add(key); // com.amazonaws.xray.*
      }
    }
    for (String env : AGENT_ENV) {
      exactProperties.add(env.toLowerCase(Locale.ROOT).replace('_', '.'));
    }
  }

  /** Reads the product's keys from the extension module's main sources. */
  static EnvVarNames fromProduct(Path extensionModule) {
    Path sources = extensionModule.resolve("src/main/java");
    if (!Files.isDirectory(sources)) {
      throw new IllegalStateException("extension sources not found at " + sources.toAbsolutePath());
    }
    Set<String> keys = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(sources)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher matcher = PRODUCT_KEY.matcher(Files.readString(file));
        while (matcher.find()) {
          keys.add(matcher.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EnvVarNames(keys);
  }

  /** otel.aws.xray.redact.query-params -> OTEL_AWS_XRAY_REDACT_QUERY_PARAMS */
  static String envName(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Whether something reads this env var (OTEL_NODE_IP excluded: it depends on its definition). */
  boolean knownEnv(String name) {
    return exactEnv.contains(name) || AGENT_ENV_PREFIXES.stream().anyMatch(name::startsWith);
  }

  /** Whether something reads this system property (otel.* and com.amazonaws.xray.*). */
  boolean knownProperty(String name) {
    return exactProperties.contains(name)
        || name.startsWith("otel.instrumentation.")
        || name.startsWith("otel.bsp.");
  }

  /** The closest known env var name, for a likely typo, or null. */
  String suggestEnv(String name) {
    return closest(name, exactEnv);
  }

  String suggestProperty(String name) {
    return closest(name, exactProperties);
  }

  private static String closest(String name, Set<String> candidates) {
    String best = null;
    int bestDistance = 4;
    for (String candidate : candidates) {
      int distance = distance(name, candidate);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
