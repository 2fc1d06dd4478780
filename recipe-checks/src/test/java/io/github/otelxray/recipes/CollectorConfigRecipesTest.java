/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.recipes.Recipe.Kind;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deployment recipes under collector-config/ are checked at build time: parsed, and checked for
 * the mistakes that make a recipe silently not work (see the check classes). The fixtures under
 * src/test/resources/recipes prove that each check fails on a broken recipe and passes good ones.
 *
 * <p>Runs under failsafe with the module directory as working directory.
 */
class CollectorConfigRecipesTest {

  static final Path RECIPES = Path.of("..", "collector-config");
  static final Path EXTENSION = Path.of("..", "extension");
  static final Path FIXTURES = Path.of("src", "test", "resources", "recipes");

  private static final RecipeChecks CHECKS = RecipeChecks.forProduct(EXTENSION);

  @Test
  void collectorConfigRecipesHaveNoProblems() {
    RecipeFiles files = RecipeFiles.load(RECIPES);
    List<String> problems = CHECKS.run(files);
    System.out.println(summary(RECIPES, files, problems));
    assertThat(problems).as(report(RECIPES, problems)).isEmpty();
    assertChecksEveryKind(files);
  }

  @Test
  void goodFixturesHaveNoProblems() {
    Path good = FIXTURES.resolve("good");
    RecipeFiles files = RecipeFiles.load(good);
    List<String> problems = CHECKS.run(files);
    assertThat(problems).as(report(good, problems)).isEmpty();
    assertChecksEveryKind(files);
    // The fixtures exercise every kind of recipe, so every check ran on something.
    assertThat(files.recipes.stream().map(Recipe::kind).distinct())
        .contains(
            Kind.COLLECTOR_CONFIG,
            Kind.KUBERNETES,
            Kind.ECS_TASK_DEFINITION,
            Kind.CLOUDFORMATION,
            Kind.IAM_POLICY,
            Kind.SYSTEMD_UNIT);
    assertThat(files.collectorConfigs).anyMatch(CollectorConfig::embedded);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          undefined-processor            | 'batch/missing' is not defined under the top-level processors |
          no-awsproxy                    | no awsproxy extension                                          |
          daemonset-bound-to-localhost   | a DaemonSet collector must listen on 0.0.0.0:4317             | a DaemonSet collector must listen on 0.0.0.0
          sidecar-bound-to-0.0.0.0       | binds 0.0.0.0 (all interfaces) with '0.0.0.0:4317'            | binds 0.0.0.0
          env-var-typo                   | unknown env var OTEL_EXPORTER_OTPL_ENDPOINT                    |
          versioned-extension-jar        | otel-xray-extension-0.1.0.jar': the extension jar is otel-xray-extension.jar |
          leftover-placeholder           | leftover placeholder '<your-region>'                           |
          iam-missing-sampling-targets   | does not allow xray:GetSamplingTargets                         |
          iam-otlp-missing-put-spans-for-indexing | does not allow xray:PutSpansForIndexing               |
          sigv4auth-not-started          | no otlphttp exporter to X-Ray authenticated by a listed sigv4auth | otlphttp
          system-property-typo           | unknown system property -Dotel.aws.xray.anotations             |
          eks-sampler-on-localhost       | endpoint 'http://localhost:2000': the host must be $(OTEL_NODE_IP) |
          node-ip-defined-after-use      | $(OTEL_NODE_IP) refers to a variable not defined before it     |
          agent-jar-not-mounted          | is not on any volume mounted in this container                 |
          configmap-drift                | differs from eks/collector.yaml                                |
          no-collector-yaml              | no collector.yaml with a collector config found                |
          """)
  void detectsBrokenRecipe(String name, String defect, String everyProblemMentions) {
    Path fixture = FIXTURES.resolve("broken").resolve(name);
    assertThat(fixture).isDirectory();
    List<String> problems = CHECKS.run(fixture);
    assertThat(problems)
        .as(report(fixture, problems))
        .isNotEmpty()
        .anyMatch(problem -> problem.contains(defect))
        // Each fixture is correct but for its one defect: every problem is about that defect.
        .allMatch(
            problem ->
                problem.contains(everyProblemMentions != null ? everyProblemMentions : defect));
  }

  @Test
  void missingRecipeFolderIsAProblem() {
    assertThat(CHECKS.run(FIXTURES.resolve("does-not-exist")))
        .anyMatch(problem -> problem.contains("recipe folder not found"));
  }

  @Test
  void allowlistComesFromTheProduct() {
    assertThat(CHECKS.names.productKeys)
        .contains("otel.aws.xray.annotations", "AWS_XRAY_DAEMON_ADDRESS")
        .allMatch(
            key ->
                key.startsWith("otel.")
                    || key.startsWith("AWS_XRAY_")
                    || key.startsWith("com.amazonaws.xray."));
    assertThat(CHECKS.names.knownEnv("OTEL_AWS_XRAY_ANNOTATIONS")).isTrue();
    assertThat(CHECKS.names.knownEnv("OTEL_EXPORTER_OTPL_ENDPOINT")).isFalse();
    assertThat(CHECKS.jars.extensionJar).isEqualTo("otel-xray-extension.jar");
  }

  /** No vacuous pass: every kind of recipe present was looked at by the check that knows it. */
  private static void assertChecksEveryKind(RecipeFiles files) {
    assertThat(files.collectorConfigs).as("collector configs checked").isNotEmpty();
    List<EnvVars.Context> contexts = EnvVars.of(files);
    for (Kind kind :
        List.of(
            Kind.ECS_TASK_DEFINITION, Kind.KUBERNETES, Kind.SYSTEMD_UNIT, Kind.CLOUDFORMATION)) {
      if (!files.ofKind(kind).isEmpty()) {
        assertThat(contexts)
            .as("env vars of %s recipes checked", kind)
            .anyMatch(c -> c.doc().recipe().kind() == kind);
      }
    }
  }

  private static String summary(Path root, RecipeFiles files, List<String> problems) {
    Map<Kind, List<String>> byKind = new EnumMap<>(Kind.class);
    for (Recipe recipe : files.recipes) {
      byKind.computeIfAbsent(recipe.kind(), k -> new java.util.ArrayList<>()).add(recipe.rel());
    }
    return "Recipes under "
        + root.toAbsolutePath().normalize()
        + ":\n"
        + byKind.entrySet().stream()
            .map(e -> "  " + e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining("\n"))
        + "\n  collector configs: "
        + files.collectorConfigs.stream()
            .map(c -> c.doc().recipe().rel() + (c.embedded() ? " (" + c.where() + ")" : ""))
            .toList()
        + "\n"
        + report(root, problems);
  }

  private static String report(Path root, List<String> problems) {
    return problems.size()
        + " problem(s) in "
        + root
        + (problems.isEmpty() ? "" : ":\n  " + String.join("\n  ", problems));
  }
}
