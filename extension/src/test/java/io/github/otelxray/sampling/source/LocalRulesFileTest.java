/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.jr.ob.JSON;
import io.github.otelxray.sampling.rules.DecisionOptions;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.SamplingRule;
import io.github.otelxray.sampling.source.JsonValues.InvalidJson;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalRulesFileTest {

  /** The version 2 sample of the reference, as an X-Ray SDK user would have it. */
  private static final String V2_SAMPLE =
      "{\n"
          + "  \"version\": 2,\n"
          + "  \"rules\": [\n"
          + "    { \"description\": \"health checks\", \"host\": \"*\", \"http_method\": \"GET\",\n"
          + "      \"url_path\": \"/health*\", \"fixed_target\": 0, \"rate\": 0.0 },\n"
          + "    { \"description\": \"checkout\", \"host\": \"*\", \"http_method\": \"POST\",\n"
          + "      \"url_path\": \"/api/checkout/*\", \"fixed_target\": 2, \"rate\": 0.2 }\n"
          + "  ],\n"
          + "  \"default\": { \"fixed_target\": 1, \"rate\": 0.05 }\n"
          + "}\n";

  private static final String DEFAULT = "\"default\": {\"fixed_target\": 1, \"rate\": 0.05}";

  /** A valid version 2 rule with {@code overrides} (JSON members) put over its fields. */
  private static String v2Rule(String overrides) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("host", "*");
    rule.put("http_method", "*");
    rule.put("url_path", "*");
    rule.put("fixed_target", 1);
    rule.put("rate", 0.1);
    try {
      if (!overrides.isEmpty()) {
        rule.putAll(JSON.std.mapFrom("{" + overrides + "}"));
      }
      rule.values().removeIf(Objects::isNull);
      return JSON.std.asString(rule);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(overrides, e);
    }
  }

  @Test
  void readsTheVersionTwoSample() throws Exception {
    List<SamplingRule> rules = LocalRulesFile.parse(V2_SAMPLE);

    assertThat(rules)
        .extracting(SamplingRule::ruleName)
        .containsExactly("health checks", "checkout", "Default");
    SamplingRule health = rules.get(0);
    assertThat(health.host()).isEqualTo("*");
    assertThat(health.httpMethod()).isEqualTo("GET");
    assertThat(health.urlPath()).isEqualTo("/health*");
    assertThat(health.reservoirSize()).isZero();
    assertThat(health.fixedRate()).isZero();
    SamplingRule checkout = rules.get(1);
    assertThat(checkout.httpMethod()).isEqualTo("POST");
    assertThat(checkout.urlPath()).isEqualTo("/api/checkout/*");
    assertThat(checkout.reservoirSize()).isEqualTo(2);
    assertThat(checkout.fixedRate()).isEqualTo(0.2);
    SamplingRule fallback = rules.get(2);
    assertThat(fallback.reservoirSize()).isEqualTo(1);
    assertThat(fallback.fixedRate()).isEqualTo(0.05);
    assertThat(rules)
        .allSatisfy(
            rule -> {
              assertThat(rule.origin()).isEqualTo(SamplingRule.Origin.LOCAL);
              assertThat(rule.serviceName()).isEqualTo("*");
              assertThat(rule.serviceType()).isEqualTo("*");
              assertThat(rule.resourceArn()).isEqualTo("*");
              assertThat(rule.attributes()).isEmpty();
            });
  }

  @Test
  void keepsFileOrderAndPutsTheDefaultLast() throws Exception {
    List<SamplingRule> rules = LocalRulesFile.parse(V2_SAMPLE);

    assertThat(rules).extracting(SamplingRule::priority).containsExactly(0, 1, Integer.MAX_VALUE);
    assertThat(rules.get(2).host()).isEqualTo("*");
    assertThat(rules.get(2).httpMethod()).isEqualTo("*");
    assertThat(rules.get(2).urlPath()).isEqualTo("*");
  }

  @Test
  void decidesByTheSampleRulesInFileOrder() throws Exception {
    RulesSnapshot snapshot =
        RulesSnapshot.of(
            LocalRulesFile.parse(V2_SAMPLE),
            RulesSnapshot.Source.LOCAL_FILE,
            Resource.empty(),
            DecisionOptions.of(true, false));
    Attributes health =
        Attributes.of(
            AttributeKey.stringKey("http.request.method"), "GET",
            AttributeKey.stringKey("url.path"), "/healthz");
    String anyTrace = "4bf92f3577b34da60000000000000001";

    assertThat(snapshot.sample(anyTrace, health, 1_700_000_000_000L).getDecision())
        .isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void namesRulesWithoutDescriptionByTheirPosition() throws Exception {
    String text =
        "{\"version\": 2, \"rules\": ["
            + v2Rule("")
            + ", "
            + v2Rule("\"description\": \"\"")
            + ", "
            + v2Rule("\"description\": \"named\"")
            + "], "
            + DEFAULT
            + "}";

    assertThat(LocalRulesFile.parse(text))
        .extracting(SamplingRule::ruleName)
        .containsExactly("local rule 1", "local rule 2", "named", "Default");
  }

  @Test
  void matchesVersionOneServiceNameAgainstTheRequestHost() throws Exception {
    String text =
        "{\"version\": 1, \"rules\": [{\"description\": \"api\", \"service_name\": \"api.*\","
            + " \"http_method\": \"*\", \"url_path\": \"*\", \"fixed_target\": 0, \"rate\": 1.0}],"
            + " \"default\": {\"fixed_target\": 0, \"rate\": 0.0}}";

    List<SamplingRule> rules = LocalRulesFile.parse(text);

    assertThat(rules.get(0).host()).isEqualTo("api.*");
    assertThat(rules.get(0).serviceName()).isEqualTo("*");
    RulesSnapshot snapshot =
        RulesSnapshot.of(
            rules,
            RulesSnapshot.Source.LOCAL_FILE,
            Resource.empty(),
            DecisionOptions.of(true, false));
    String anyTrace = "4bf92f3577b34da60000000000000001";
    Attributes apiHost = Attributes.of(AttributeKey.stringKey("server.address"), "api.example.com");
    Attributes webHost = Attributes.of(AttributeKey.stringKey("server.address"), "web.example.com");
    assertThat(snapshot.sample(anyTrace, apiHost, 0).getDecision())
        .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(snapshot.sample(anyTrace, webHost, 0).getDecision())
        .isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void requiresServiceNameInVersionOne() {
    String text = "{\"version\": 1, \"rules\": [" + v2Rule("") + "], " + DEFAULT + "}";

    assertThatThrownBy(() -> LocalRulesFile.parse(text))
        .isInstanceOf(InvalidJson.class)
        .hasMessageContaining("rules[0].service_name is missing");
  }

  @Test
  void allowsComments() throws Exception {
    String text =
        "// sampling for the shop\n"
            + "{\n"
            + "  \"version\": 2, /* the SDK's current format */\n"
            + "  \"rules\": [],\n"
            + "  // one a second, then five percent\n"
            + "  "
            + DEFAULT
            + "\n"
            + "}";

    assertThat(LocalRulesFile.parse(text))
        .extracting(SamplingRule::ruleName)
        .containsExactly("Default");
  }

  @Test
  void acceptsAFileWithoutRules() throws Exception {
    assertThat(LocalRulesFile.parse("{\"version\": 2, " + DEFAULT + "}")).hasSize(1);
  }

  @Test
  void ignoresUnknownKeys() throws Exception {
    String text =
        "{\"version\": 2, \"owner\": \"team\", \"rules\": ["
            + v2Rule("\"note\": 5")
            + "], "
            + "\"default\": {\"fixed_target\": 1, \"rate\": 0.05, \"description\": \"d\"}}";

    assertThat(LocalRulesFile.parse(text)).hasSize(2);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // text | message part
        "{\"version\": 2, \"rules\": []}                                            | default is missing",
        "{\"version\": 2, \"default\": 5}                                           | default is missing or not an object",
        "{\"version\": 2, \"default\": {\"fixed_target\": 1, \"rate\": 0.05, \"host\": \"*\"}} | default.host is not allowed",
        "{\"version\": 2, \"default\": {\"fixed_target\": 1, \"rate\": 0.05, \"url_path\": \"*\"}} | default.url_path is not allowed",
        "{\"version\": 2, \"default\": {\"fixed_target\": 1, \"rate\": 1.5}}       | default.rate 1.5 is outside 0..1",
        "{\"version\": 2, \"default\": {\"fixed_target\": -1, \"rate\": 0.5}}      | default.fixed_target -1 is not a whole number >= 0",
        "{\"version\": 2, \"default\": {\"rate\": 0.5}}                            | default.fixed_target is missing",
        "{\"version\": 3, \"default\": {\"fixed_target\": 1, \"rate\": 0.05}}      | version 3 is not 1 or 2",
        "{\"default\": {\"fixed_target\": 1, \"rate\": 0.05}}                      | version is missing",
        "{\"version\": \"2\", \"default\": {\"fixed_target\": 1, \"rate\": 0.05}}  | version is not a number",
        "{\"version\": 2, \"rules\": {}, \"default\": {\"fixed_target\": 1, \"rate\": 0.05}} | rules is not an array",
        "{\"version\": 2, \"rules\": [7], \"default\": {\"fixed_target\": 1, \"rate\": 0.05}} | rules[0] is not an object",
        "[]                                                                         | is not a JSON object",
      })
  void rejectsAnInvalidFileNamingTheField(String text, String message) {
    assertThatThrownBy(() -> LocalRulesFile.parse(text))
        .isInstanceOf(InvalidJson.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"rate\": 1.5                | rules[1].rate 1.5 is outside 0..1",
        "\"rate\": -0.5               | rules[1].rate -0.5 is outside 0..1",
        "\"fixed_target\": -1         | rules[1].fixed_target -1 is not a whole number >= 0",
        "\"fixed_target\": 2.5        | rules[1].fixed_target 2.5 is not a whole number >= 0",
        "\"host\": null               | rules[1].host is missing",
        "\"http_method\": 5           | rules[1].http_method is not a string",
        "\"url_path\": null           | rules[1].url_path is missing",
        "\"host\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" | rules[1].host is 65 characters long; the limit is 64",
        "\"http_method\": \"PROPFINDING\" | rules[1].http_method is 11 characters long; the limit is 10",
      })
  void rejectsABadRuleNamingItsIndexAndField(String override, String message) {
    String text =
        "{\"version\": 2, \"rules\": ["
            + v2Rule("")
            + ", "
            + v2Rule(override)
            + "], "
            + DEFAULT
            + "}";

    assertThatThrownBy(() -> LocalRulesFile.parse(text))
        .isInstanceOf(InvalidJson.class)
        .hasMessageContaining(message);
  }

  @Test
  void holdsUrlPathToTheApiLimitOf128Characters() throws Exception {
    String fits = "/" + "a".repeat(127);

    assertThat(LocalRulesFile.parse(file(v2Rule("\"url_path\": \"" + fits + "\""))))
        .extracting(SamplingRule::urlPath)
        .first()
        .isEqualTo(fits);
    assertThatThrownBy(() -> LocalRulesFile.parse(file(v2Rule("\"url_path\": \"" + fits + "a\""))))
        .hasMessageContaining("rules[0].url_path is 129 characters long; the limit is 128");
  }

  @Test
  void acceptsAThousandRulesAndRefusesMore() throws Exception {
    String[] rules = new String[1_001];
    Arrays.fill(rules, v2Rule(""));

    assertThat(LocalRulesFile.parse(file(Arrays.copyOf(rules, 1_000)))).hasSize(1_001);
    assertThatThrownBy(() -> LocalRulesFile.parse(file(rules)))
        .isInstanceOf(InvalidJson.class)
        .hasMessage("rules has 1001 rules; the limit is 1000");
  }

  @Test
  void refusesAFileOverOneMebibyteUnread(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.json");
    String padding = " ".repeat(LocalRulesFile.MAX_BYTES - V2_SAMPLE.length());
    Files.write(file, (V2_SAMPLE + padding).getBytes(StandardCharsets.UTF_8));
    assertThat(LocalRulesFile.load(file)).hasSize(3);

    Files.write(file, (V2_SAMPLE + padding + " ").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> LocalRulesFile.load(file))
        .isInstanceOf(LocalRulesFile.InvalidRulesFile.class)
        .hasMessage(file + " is larger than 1048576 bytes; not read");
  }

  private static String file(String... rules) {
    return "{\"version\": 2, \"rules\": [" + String.join(", ", rules) + "], " + DEFAULT + "}";
  }

  @Test
  void rejectsInvalidJsonWithLineAndColumn() {
    String text = "{\n  \"version\": 2,\n  \"rules\": [,]\n}";

    assertThatThrownBy(() -> LocalRulesFile.parse(text))
        .isInstanceOf(InvalidJson.class)
        .hasMessageContaining("is not valid JSON")
        .hasMessageContaining("line 3")
        .hasMessageContaining("column");
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sampling-rules.json");
    Files.write(file, V2_SAMPLE.getBytes(StandardCharsets.UTF_8));

    assertThat(LocalRulesFile.load(file))
        .extracting(SamplingRule::ruleName)
        .containsExactly("health checks", "checkout", "Default");
  }

  @Test
  void namesTheMissingFile(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-rules.json");

    assertThatThrownBy(() -> LocalRulesFile.load(missing))
        .isInstanceOf(LocalRulesFile.InvalidRulesFile.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void namesTheFileAndTheFieldOfAnInvalidFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.json");
    Files.write(
        file,
        ("{\"version\": 2, \"rules\": ["
                + v2Rule("")
                + ", "
                + v2Rule("\"rate\": 1.5")
                + "], "
                + DEFAULT
                + "}")
            .getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> LocalRulesFile.load(file))
        .isInstanceOf(LocalRulesFile.InvalidRulesFile.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("rules[1].rate");
  }

  @Test
  void namesTheFileOfADirectory(@TempDir Path dir) {
    assertThatThrownBy(() -> LocalRulesFile.load(dir))
        .isInstanceOf(LocalRulesFile.InvalidRulesFile.class)
        .hasMessageContaining(dir.toString());
  }

  @Test
  void refusesANamedPipeWithoutWaitingForAWriter(@TempDir Path dir) throws Exception {
    Path pipe = dir.resolve("rules.fifo");
    assumeTrue(
        new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor() == 0,
        "mkfifo is not available here");
    // Opening a pipe nobody writes blocks for ever; the bound only keeps a regression from
    // hanging the build.
    CompletableFuture<Throwable> outcome =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                LocalRulesFile.load(pipe);
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    Throwable thrown;
    try {
      thrown = outcome.get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // Unblock the reader so the build can go on, then fail.
      new ProcessBuilder("sh", "-c", "echo > " + pipe).start().waitFor();
      throw new AssertionError("loading a named pipe blocked", e);
    }
    assertThat(thrown)
        .isInstanceOf(LocalRulesFile.InvalidRulesFile.class)
        .hasMessage(pipe + " is not a regular file (a directory, pipe or device); not read");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/dev/zero", "/dev/urandom"})
  void refusesADeviceUnread(String device) {
    Path path = Paths.get(device);
    assumeTrue(Files.exists(path), device + " does not exist here");

    assertThatThrownBy(() -> LocalRulesFile.load(path))
        .isInstanceOf(LocalRulesFile.InvalidRulesFile.class)
        .hasMessage(device + " is not a regular file (a directory, pipe or device); not read");
  }

  /**
   * Fuzzed (Jazzer; the corpus is {@code LocalRulesFileTestInputs/}): any file's text fails only as
   * {@link InvalidJson}, or yields at most 1,000 rules within the limits, the default last.
   */
  @FuzzTest
  void fuzzAnyFileYieldsBoundedRulesOrOneClearFailure(byte[] input) {
    try {
      List<SamplingRule> rules = LocalRulesFile.parse(new String(input, StandardCharsets.UTF_8));
      assertThat(rules).isNotEmpty().hasSizeLessThanOrEqualTo(RuleLimits.RULES + 1);
      assertThat(rules.get(rules.size() - 1).ruleName()).isEqualTo("Default");
      for (SamplingRule rule : rules) {
        assertThat(rule.urlPath()).hasSizeLessThanOrEqualTo(RuleLimits.URL_PATH);
        assertThat(rule.host()).hasSizeLessThanOrEqualTo(RuleLimits.HOST);
      }
    } catch (InvalidJson expected) {
      assertThat(expected.getMessage()).isNotEmpty();
    }
  }
}
