/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import io.github.otelxray.recipes.Recipe.Doc;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No leftover placeholders: the only variables are the named ones of collector-config/README.md
 * (${AWS_ACCOUNT_ID}, ...), the collector's ${env:AWS_REGION}, Kubernetes' $(OTEL_NODE_IP) and, in
 * the agent's configuration file, the SDK's ${OTEL_NODE_IP}; anything else that looks like a
 * fill-in (&lt;your-region&gt;, CHANGEME, TODO, xxx, {{...}}, ${OTHER}, the documentation account
 * 123456789012) is a problem. Checks values and keys, not comments.
 */
final class PlaceholderCheck {

  static final Set<String> NAMED =
      Set.of(
          "AWS_ACCOUNT_ID",
          "AWS_REGION",
          "APP_IMAGE",
          "ADOT_COLLECTOR_IMAGE_TAG",
          "OTEL_JAVAAGENT_VERSION",
          "XRAY_EXTENSION_VERSION");
  static final Set<String> COLLECTOR_ENV = Set.of("env:AWS_REGION");
  static final Set<String> KUBERNETES_DEPENDENT = Set.of("OTEL_NODE_IP");

  /** The same variable as the SDK substitutes it in a declarative configuration file. */
  static final Set<String> SDK_CONFIG_ENV = Set.of("OTEL_NODE_IP");

  private static final Pattern DOLLAR_BRACE = Pattern.compile("\\$\\{([^}]*)\\}?");
  private static final Pattern DOLLAR_PAREN = Pattern.compile("\\$\\(([^)]*)\\)?");
  private static final List<Pattern> FILL_INS =
      List.of(
          Pattern.compile("<[^<>\\s][^<>]*>"),
          Pattern.compile("\\{\\{[^}]*\\}\\}"),
          Pattern.compile(
              "(?i)(?<![A-Za-z0-9])(CHANGE[_-]?ME|TODO|FIXME|TBD|REPLACE[_-]?ME)(?![A-Za-z0-9])"),
          Pattern.compile("(?i)(?<![A-Za-z0-9])x{3,}(?![A-Za-z0-9])"),
          Pattern.compile("(?i)(?<![A-Za-z0-9])your[-_][A-Za-z]+"),
          Pattern.compile("(?<![0-9])(123456789012|111122223333)(?![0-9])"));

  List<String> check(RecipeFiles files) {
    List<String> problems = new ArrayList<>();
    for (Doc doc : files.docs()) {
      scan(doc, "", doc.tree(), problems);
    }
    for (CollectorConfig config : files.collectorConfigs) {
      if (config.embedded()) {
        scan(config.doc(), config.where() + " > ", config.config(), problems);
      }
    }
    return problems;
  }

  private static void scan(Doc doc, String prefix, Object tree, List<String> problems) {
    Tree.walkScalars(
        tree,
        "",
        (path, value) -> {
          if (RecipeFiles.looksLikeCollectorConfig(value)) {
            return; // scanned as a parsed config, without its comments
          }
          String at = doc.at(prefix + path);
          Matcher brace = DOLLAR_BRACE.matcher(value);
          while (brace.find()) {
            String name = brace.group(1);
            if (!brace.group().endsWith("}")
                || !(NAMED.contains(name)
                    || COLLECTOR_ENV.contains(name)
                    || (doc.recipe().kind() == Recipe.Kind.SDK_CONFIG
                        && SDK_CONFIG_ENV.contains(name)))) {
              problems.add(
                  at
                      + "placeholder '"
                      + brace.group()
                      + "' is not one of the named variables "
                      + allowed());
            }
          }
          Matcher paren = DOLLAR_PAREN.matcher(value);
          while (paren.find()) {
            if (!paren.group().endsWith(")") || !KUBERNETES_DEPENDENT.contains(paren.group(1))) {
              problems.add(
                  at
                      + "placeholder '"
                      + paren.group()
                      + "' is not one of the named variables "
                      + allowed());
            }
          }
          List<int[]> reported = new ArrayList<>();
          for (Pattern fillIn : FILL_INS) {
            Matcher matcher = fillIn.matcher(value);
            while (matcher.find()) {
              int start = matcher.start();
              int end = matcher.end();
              if (reported.stream().noneMatch(r -> start < r[1] && r[0] < end)) {
                reported.add(new int[] {start, end});
                problems.add(
                    at + "leftover placeholder '" + matcher.group() + "' in '" + value + "'");
              }
            }
          }
        });
  }

  private static String allowed() {
    return "(${AWS_ACCOUNT_ID}, ${AWS_REGION}, ${APP_IMAGE}, ${ADOT_COLLECTOR_IMAGE_TAG},"
        + " ${OTEL_JAVAAGENT_VERSION}, ${XRAY_EXTENSION_VERSION}, ${env:AWS_REGION},"
        + " $(OTEL_NODE_IP))";
  }
}
