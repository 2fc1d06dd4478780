/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import io.github.otelxray.config.BoundedFile;
import io.github.otelxray.logging.CappedWarnings;
import io.github.otelxray.logging.LogText;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the adaptive sampling configuration from the value of env {@code
 * AWS_XRAY_ADAPTIVE_SAMPLING_CONFIG} or property {@code aws.xray.adaptive.sampling.config} (ADOT's
 * names, so users switch without edits): inline YAML or JSON, or the path of a file holding it.
 *
 * <p>Nothing here stops the application. A bad condition is skipped with one warning naming it and
 * the others apply; a document that cannot be used at all gets one warning and the defaults (the
 * 5xx-or-error condition for both uses, one trace a second). ADOT rejects the whole configuration
 * for one unknown {@code usage}; here only that condition goes.
 */
public final class AdaptiveSamplingConfigReader {

  /** Files and inline documents larger than this are refused: a configuration is a few lines. */
  static final int MAX_BYTES = 64 * 1024;

  static final int MAX_CONDITIONS = 100;
  static final int MAX_TRACES_PER_SECOND = 100;
  static final int MAX_REGEX_LENGTH = 256;

  private static final String WHERE = "X-Ray adaptive sampling configuration";
  private static final Set<String> TOP_LEVEL_KEYS =
      new HashSet<>(Arrays.asList("version", "anomalyConditions", "anomalyCaptureLimit"));
  private static final Set<String> CONDITION_KEYS =
      new HashSet<>(Arrays.asList("errorCodeRegex", "operations", "highLatencyMs", "usage"));

  private AdaptiveSamplingConfigReader() {}

  /** The configuration {@code value} gives; {@link AdaptiveSamplingConfig#none()} when unset. */
  public static AdaptiveSamplingConfig read(String value, Consumer<String> warn) {
    if (value == null || value.trim().isEmpty()) {
      return AdaptiveSamplingConfig.none();
    }
    String trimmed = value.trim();
    Path file = existingFile(trimmed);
    String document;
    String origin;
    if (file != null) {
      origin = WHERE + " file " + LogText.escape(file.toString());
      try {
        document = BoundedFile.read(file, MAX_BYTES);
      } catch (BoundedFile.Unreadable e) {
        return unusable(origin, e.getMessage(), warn);
      }
    } else {
      origin = WHERE;
      if (trimmed.length() > MAX_BYTES) {
        return unusable(origin, "is larger than " + MAX_BYTES + " bytes", warn);
      }
      document = trimmed;
    }
    return parse(document, origin, warn);
  }

  static AdaptiveSamplingConfig parse(String document, String origin, Consumer<String> warn) {
    Object root;
    try {
      root = yaml().load(document);
    } catch (RuntimeException e) {
      // SnakeYAML's messages quote the document; keep only the first line.
      String message = String.valueOf(e.getMessage());
      int newline = message.indexOf('\n');
      return unusable(
          origin,
          "is not valid YAML or JSON ("
              + LogText.escape(newline < 0 ? message : message.substring(0, newline))
              + ")",
          warn);
    }
    if (root instanceof String && !document.contains(":")) {
      return unusable(origin, "names no file and is not a YAML or JSON document", warn);
    }
    if (!(root instanceof Map)) {
      return unusable(origin, "is not a mapping with a version", warn);
    }
    Map<?, ?> fields = (Map<?, ?>) root;
    Object version = fields.get("version");
    if (!(version instanceof Number)) {
      return unusable(origin, "has no numeric version (1.0 is the one there is)", warn);
    }
    double number = ((Number) version).doubleValue();
    if (!(number >= 1.0 && number < 2.0)) {
      return unusable(origin, "has version " + version + "; only 1.x is understood", warn);
    }
    CappedWarnings unknown = new CappedWarnings(warn);
    for (Object key : fields.keySet()) {
      if (!TOP_LEVEL_KEYS.contains(String.valueOf(key))) {
        unknown.accept(
            origin + ": unknown key '" + LogText.escape(String.valueOf(key)) + "' ignored.");
      }
    }
    unknown.countRest(n -> origin + ": and " + n + " more unknown keys ignored (not named).");
    List<AnomalyCondition> conditions = conditions(fields.get("anomalyConditions"), origin, warn);
    int tracesPerSecond = tracesPerSecond(fields.get("anomalyCaptureLimit"), origin, warn);
    return new AdaptiveSamplingConfig(true, conditions, tracesPerSecond);
  }

  private static List<AnomalyCondition> conditions(
      Object value, String origin, Consumer<String> warn) {
    if (value == null) {
      return Collections.singletonList(AnomalyCondition.DEFAULT);
    }
    if (!(value instanceof List)) {
      warn.accept(
          origin
              + ": anomalyConditions is not a list; using the default condition (5xx or error).");
      return Collections.singletonList(AnomalyCondition.DEFAULT);
    }
    List<?> items = (List<?>) value;
    List<AnomalyCondition> conditions = new ArrayList<>();
    CappedWarnings skipped = new CappedWarnings(warn);
    for (int i = 0; i < items.size(); i++) {
      if (i == MAX_CONDITIONS) {
        warn.accept(
            origin
                + ": only the first "
                + MAX_CONDITIONS
                + " anomalyConditions are used; "
                + (items.size() - MAX_CONDITIONS)
                + " more were skipped.");
        break;
      }
      String name = "anomalyConditions[" + i + "]";
      try {
        conditions.add(condition(items.get(i)));
      } catch (IllegalArgumentException e) {
        skipped.accept(
            origin
                + ": "
                + name
                + " "
                + LogText.escape(String.valueOf(items.get(i)))
                + " was skipped: "
                + e.getMessage()
                + ".");
      }
    }
    skipped.countRest(
        n -> origin + ": and " + n + " more anomalyConditions were skipped (not named).");
    if (conditions.isEmpty()) {
      warn.accept(
          origin
              + ": no usable anomaly condition; using the default condition (5xx or error) for"
              + " both uses.");
      return Collections.singletonList(AnomalyCondition.DEFAULT);
    }
    return conditions;
  }

  private static AnomalyCondition condition(Object item) {
    if (!(item instanceof Map)) {
      throw new IllegalArgumentException("it is not a mapping");
    }
    Map<?, ?> fields = (Map<?, ?>) item;
    for (Object key : fields.keySet()) {
      if (!CONDITION_KEYS.contains(String.valueOf(key))) {
        // A misspelt key would silently widen the condition; skip it instead.
        throw new IllegalArgumentException(
            "unknown key '" + LogText.escape(String.valueOf(key)) + "'");
      }
    }
    Pattern regex = null;
    Object rawRegex = fields.get("errorCodeRegex");
    if (rawRegex != null) {
      if (!(rawRegex instanceof String) || ((String) rawRegex).isEmpty()) {
        throw new IllegalArgumentException("errorCodeRegex is not a non-empty string");
      }
      String text = (String) rawRegex;
      if (text.length() > MAX_REGEX_LENGTH) {
        throw new IllegalArgumentException(
            "errorCodeRegex is longer than " + MAX_REGEX_LENGTH + " characters");
      }
      try {
        regex = Pattern.compile(text);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "errorCodeRegex is not a Java regular expression ("
                + LogText.escape(e.getDescription())
                + ")");
      }
    }
    Long latency = null;
    Object rawLatency = fields.get("highLatencyMs");
    if (rawLatency != null) {
      if (!(rawLatency instanceof Integer || rawLatency instanceof Long)
          || ((Number) rawLatency).longValue() < 0
          || ((Number) rawLatency).longValue() > 24L * 60 * 60 * 1000) {
        throw new IllegalArgumentException(
            "highLatencyMs is not a whole number of milliseconds from 0 to 86400000");
      }
      latency = ((Number) rawLatency).longValue();
    }
    if (regex == null && latency == null) {
      throw new IllegalArgumentException("it has neither errorCodeRegex nor highLatencyMs");
    }
    Set<String> operations = null;
    Object rawOperations = fields.get("operations");
    if (rawOperations != null) {
      if (!(rawOperations instanceof List)) {
        throw new IllegalArgumentException("operations is not a list of strings");
      }
      operations = new LinkedHashSet<>();
      for (Object operation : (List<?>) rawOperations) {
        if (!(operation instanceof String)) {
          throw new IllegalArgumentException("operations is not a list of strings");
        }
        operations.add((String) operation);
      }
      if (operations.isEmpty()) {
        // AWS's docs read an empty list as "no operation", ADOT Java as "every operation".
        throw new IllegalArgumentException(
            "operations is empty (leave it out to match every operation)");
      }
    }
    Usage usage = Usage.BOTH;
    Object rawUsage = fields.get("usage");
    if (rawUsage != null) {
      usage = rawUsage instanceof String ? Usage.parse((String) rawUsage) : null;
      if (usage == null) {
        throw new IllegalArgumentException(
            "usage '"
                + LogText.escape(String.valueOf(rawUsage))
                + "' is not both, sampling-boost or anomaly-trace-capture");
      }
    }
    return AnomalyCondition.of(regex, operations, latency, usage);
  }

  private static int tracesPerSecond(Object limit, String origin, Consumer<String> warn) {
    if (limit == null) {
      return AdaptiveSamplingConfig.DEFAULT_TRACES_PER_SECOND;
    }
    Object value = limit instanceof Map ? ((Map<?, ?>) limit).get("anomalyTracesPerSecond") : null;
    if (!(limit instanceof Map) || value == null) {
      warn.accept(
          origin
              + ": anomalyCaptureLimit has no anomalyTracesPerSecond; using "
              + AdaptiveSamplingConfig.DEFAULT_TRACES_PER_SECOND
              + ".");
      return AdaptiveSamplingConfig.DEFAULT_TRACES_PER_SECOND;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
      warn.accept(
          origin
              + ": anomalyTracesPerSecond '"
              + LogText.escape(String.valueOf(value))
              + "' is not a whole number of 0 or more; using "
              + AdaptiveSamplingConfig.DEFAULT_TRACES_PER_SECOND
              + ".");
      return AdaptiveSamplingConfig.DEFAULT_TRACES_PER_SECOND;
    }
    long number = ((Number) value).longValue();
    if (number > MAX_TRACES_PER_SECOND) {
      warn.accept(
          origin
              + ": anomalyTracesPerSecond "
              + number
              + " is more than "
              + MAX_TRACES_PER_SECOND
              + "; using "
              + MAX_TRACES_PER_SECOND
              + ".");
      return MAX_TRACES_PER_SECOND;
    }
    return (int) number;
  }

  private static AdaptiveSamplingConfig unusable(
      String origin, String reason, Consumer<String> warn) {
    warn.accept(
        origin
            + " "
            + reason
            + "; using the defaults: the 5xx-or-error condition for both uses, "
            + AdaptiveSamplingConfig.DEFAULT_TRACES_PER_SECOND
            + " trace a second.");
    return new AdaptiveSamplingConfig(
        true,
        Collections.singletonList(AnomalyCondition.DEFAULT),
        AdaptiveSamplingConfig.DEFAULT_TRACES_PER_SECOND);
  }

  /** The path {@code value} names if it is a regular file (never a pipe or a device), else null. */
  private static Path existingFile(String value) {
    if (value.length() > 4096 || value.indexOf('\n') >= 0) {
      return null;
    }
    try {
      Path path = Paths.get(value);
      return Files.isRegularFile(path) ? path : null;
    } catch (InvalidPathException | SecurityException e) {
      return null;
    }
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_BYTES);
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(10);
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options));
  }
}
