/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.otelxray.logging.CappedWarnings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdaptiveSamplingConfigReaderTest {

  private static final String DOCS_EXAMPLE =
      "version: 1.0\n"
          + "anomalyConditions:\n"
          + "  - errorCodeRegex: \"^5\\\\d\\\\d$\"\n"
          + "    usage: both\n"
          + "  - errorCodeRegex: \"^429$\"\n"
          + "    operations: [\"POST /orders\"]\n"
          + "    usage: sampling-boost\n"
          + "  - highLatencyMs: 2000\n"
          + "    usage: anomaly-trace-capture\n"
          + "anomalyCaptureLimit:\n"
          + "  anomalyTracesPerSecond: 2\n";

  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private AdaptiveSamplingConfig read(String value) {
    return AdaptiveSamplingConfigReader.read(value, warnings::add);
  }

  @Test
  void unsetMeansNoConfigurationSilently() {
    assertThat(read(null)).isSameAs(AdaptiveSamplingConfig.none());
    assertThat(read("  ")).isSameAs(AdaptiveSamplingConfig.none());
    assertThat(AdaptiveSamplingConfig.none().captureEnabled()).isFalse();
    assertThat(warnings).isEmpty();
  }

  @Test
  void readsEveryFieldOfBlockYaml() {
    AdaptiveSamplingConfig config = read(DOCS_EXAMPLE);

    assertThat(warnings).isEmpty();
    assertThat(config.configured()).isTrue();
    assertThat(config.captureEnabled()).isTrue();
    assertThat(config.anomalyTracesPerSecond()).isEqualTo(2);
    assertThat(config.conditions()).hasSize(3);
    assertThat(config.conditions())
        .extracting(AnomalyCondition::usage)
        .containsExactly(Usage.BOTH, Usage.SAMPLING_BOOST, Usage.ANOMALY_TRACE_CAPTURE);
    assertThat(config.describe())
        .contains("anomaly trace capture on")
        .contains("highLatencyMs 2000")
        .contains("up to 2 traces a second");
  }

  @Test
  void readsOneLineFlowYamlAsTheEc2AndEcsDocsWriteIt() {
    AdaptiveSamplingConfig config =
        read(
            "{version: 1.0, anomalyConditions: [{errorCodeRegex: \"^5\\\\d\\\\d$\", usage: both}]}");

    assertThat(warnings).isEmpty();
    assertThat(config.conditions()).hasSize(1);
    assertThat(config.captureEnabled()).isTrue();
  }

  @Test
  void readsJson() {
    AdaptiveSamplingConfig config =
        read(
            "{\"version\": 1, \"anomalyConditions\": [{\"highLatencyMs\": 500, \"usage\":"
                + " \"anomaly-trace-capture\"}], \"anomalyCaptureLimit\":"
                + " {\"anomalyTracesPerSecond\": 3}}");

    assertThat(warnings).isEmpty();
    assertThat(config.anomalyTracesPerSecond()).isEqualTo(3);
    assertThat(config.conditions())
        .singleElement()
        .extracting(AnomalyCondition::usage)
        .isEqualTo(Usage.ANOMALY_TRACE_CAPTURE);
  }

  @Test
  void readsAFileNamedByTheValue() throws Exception {
    Path file = dir.resolve("adaptive.yaml");
    Files.write(file, DOCS_EXAMPLE.getBytes(StandardCharsets.UTF_8));

    AdaptiveSamplingConfig config = read(file.toString());

    assertThat(warnings).isEmpty();
    assertThat(config.conditions()).hasSize(3);
  }

  @Test
  void refusesAFileLargerThan64KiBWithOneWarningAndTheDefaults() throws Exception {
    Path file = dir.resolve("huge.yaml");
    StringBuilder text = new StringBuilder("version: 1.0\n");
    while (text.length() <= AdaptiveSamplingConfigReader.MAX_BYTES) {
      text.append("# padding padding padding padding padding padding padding padding\n");
    }
    Files.write(file, text.toString().getBytes(StandardCharsets.UTF_8));

    AdaptiveSamplingConfig config = read(file.toString());

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("larger than 65536 bytes")
        .contains("using the defaults");
    assertThat(config.captureEnabled()).isTrue();
    assertThat(config.anomalyTracesPerSecond()).isEqualTo(1);
  }

  @Test
  void acceptsTheDocsSpellingOfCaptureAsASynonym() {
    AdaptiveSamplingConfig config =
        read(
            "{version: 1.0, anomalyConditions: [{highLatencyMs: 10, usage: anomaly-span-capture}]}");

    assertThat(warnings).isEmpty();
    assertThat(config.conditions())
        .singleElement()
        .extracting(AnomalyCondition::usage)
        .isEqualTo(Usage.ANOMALY_TRACE_CAPTURE);
  }

  @Test
  void defaultsToThe5xxConditionForBothUsesWithoutConditions() {
    AdaptiveSamplingConfig config = read("version: 1.0");

    assertThat(warnings).isEmpty();
    assertThat(config.conditions()).containsExactly(AnomalyCondition.DEFAULT);
    assertThat(config.captureEnabled()).isTrue();
    assertThat(config.anomalyTracesPerSecond()).isEqualTo(1);
  }

  @Test
  void skipsOnlyTheConditionWithAnUnknownUsage() {
    AdaptiveSamplingConfig config =
        read(
            "{version: 1.0, anomalyConditions: [{errorCodeRegex: '5..', usage: always},"
                + " {errorCodeRegex: '429', usage: sampling-boost}]}");

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("anomalyConditions[0]")
        .contains("usage 'always' is not both, sampling-boost or anomaly-trace-capture");
    assertThat(config.conditions())
        .singleElement()
        .extracting(AnomalyCondition::usage)
        .isEqualTo(Usage.SAMPLING_BOOST);
    assertThat(config.captureEnabled()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{usage: both}|neither errorCodeRegex nor highLatencyMs",
        "{errorCodeRegex: '5(('}|not a Java regular expression",
        "{errorCodeRegex: ''}|not a non-empty string",
        "{errorCodeRegex: 500}|not a non-empty string",
        "{highLatencyMs: -1}|not a whole number of milliseconds",
        "{highLatencyMs: 1.5}|not a whole number of milliseconds",
        "{highLatencyMs: '2000'}|not a whole number of milliseconds",
        "{highLatencyMs: 100, operations: []}|operations is empty",
        "{highLatencyMs: 100, operations: GET /api}|operations is not a list of strings",
        "{highLatencyMs: 100, operations: [1]}|operations is not a list of strings",
        "{errorCodeRegexp: '5..'}|unknown key 'errorCodeRegexp'",
        "{highLatencyMs: 100, usage: 7}|usage '7'",
        "just-text|it is not a mapping",
      })
  void skipsABadConditionWithOneWarningNamingItAndKeepsTheRest(String caseText) {
    String[] parts = caseText.split("\\|");
    AdaptiveSamplingConfig config =
        read(
            "{version: 1.0, anomalyConditions: ["
                + parts[0]
                + ", {highLatencyMs: 3000, usage: anomaly-trace-capture}]}");

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("anomalyConditions[0]")
        .contains("was skipped")
        .contains(parts[1]);
    assertThat(config.conditions())
        .singleElement()
        .hasToString("{highLatencyMs 3000, usage anomaly-trace-capture}");
  }

  @Test
  void fallsBackToTheDefaultConditionWhenNoConditionIsUsable() {
    AdaptiveSamplingConfig config = read("{version: 1.0, anomalyConditions: [{usage: both}]}");

    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(1)).contains("no usable anomaly condition");
    assertThat(config.conditions()).containsExactly(AnomalyCondition.DEFAULT);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "anomalyConditions: []|has no numeric version",
        "{version: '1.0'}|has no numeric version",
        "{version: 2.0}|has version 2.0",
        "{version: 0.9}|has version 0.9",
        "[1, 2]|is not a mapping with a version",
        "{version: 1.0, version: 1.0}|is not valid YAML or JSON",
        "{version: 1.0|is not valid YAML or JSON",
        "/no/such/adaptive.yaml|names no file",
      })
  void warnsOnceAndUsesTheDefaultsForAnUnusableDocument(String caseText) {
    String[] parts = caseText.split("\\|");

    AdaptiveSamplingConfig config = read(parts[0]);

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(parts[1])
        .contains("using the defaults: the 5xx-or-error condition for both uses, 1 trace a second");
    assertThat(config.conditions()).containsExactly(AnomalyCondition.DEFAULT);
    assertThat(config.captureEnabled()).isTrue();
  }

  @Test
  void zeroTracesASecondTurnsCaptureOffAndSaysSo() {
    AdaptiveSamplingConfig config =
        read("{version: 1.0, anomalyCaptureLimit: {anomalyTracesPerSecond: 0}}");

    assertThat(warnings).isEmpty();
    assertThat(config.captureEnabled()).isFalse();
    assertThat(config.describe())
        .contains("anomaly trace capture off (anomalyTracesPerSecond is 0)");
    // Boost still works: only capture is limited.
    assertThat(config.describe())
        .contains("sampling boost for rules with SamplingRateBoost on {5xx");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-1", "1.5", "'3'", "many"})
  void warnsAndUsesOneTraceASecondForABadLimit(String value) {
    AdaptiveSamplingConfig config =
        read("{version: 1.0, anomalyCaptureLimit: {anomalyTracesPerSecond: " + value + "}}");

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("anomalyTracesPerSecond")
        .contains("using 1");
    assertThat(config.anomalyTracesPerSecond()).isEqualTo(1);
  }

  @Test
  void capsTheLimitAtOneHundredTracesASecond() {
    AdaptiveSamplingConfig config =
        read("{version: 1.0, anomalyCaptureLimit: {anomalyTracesPerSecond: 100000}}");

    assertThat(warnings).singleElement().asString().contains("is more than 100; using 100");
    assertThat(config.anomalyTracesPerSecond()).isEqualTo(100);
  }

  @Test
  void warnsAboutUnknownTopLevelKeysAndKeepsTheRest() {
    AdaptiveSamplingConfig config = read("{version: 1.0, anomalyConditons: []}");

    assertThat(warnings).singleElement().asString().contains("unknown key 'anomalyConditons'");
    assertThat(config.conditions()).containsExactly(AnomalyCondition.DEFAULT);
  }

  @Test
  void escapesControlCharactersOfTheDocumentInWarnings() {
    read(
        "{version: 1.0, anomalyConditions: [{highLatencyMs: 5, usage: \"x\\nFORGED LINE\"},"
            + " {highLatencyMs: 9}]}");

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("x\\nFORGED LINE")
        .doesNotContain("\n");
  }

  @Test
  void refusesAnAliasBomb() {
    StringBuilder bomb = new StringBuilder("version: 1.0\na: &a [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 0; i < 12; i++) {
      bomb.append("b").append(i).append(": &b").append(i).append(" [");
      String previous = i == 0 ? "*a" : "*b" + (i - 1);
      for (int j = 0; j < 9; j++) {
        bomb.append(j == 0 ? "" : ", ").append(previous);
      }
      bomb.append("]\n");
    }

    AdaptiveSamplingConfig config = read(bomb.toString());

    assertThat(warnings).singleElement().asString().contains("is not valid YAML or JSON");
    assertThat(config.conditions()).containsExactly(AnomalyCondition.DEFAULT);
  }

  @Test
  void namesTheFirstTenUnknownKeysAndCountsTheRestInOneLine() {
    StringBuilder document = new StringBuilder("{version: 1.0");
    for (int i = 0; i < 5_000; i++) {
      document.append(", k").append(i).append(": 1");
    }
    read(document.append('}').toString());

    assertThat(warnings).hasSize(CappedWarnings.NAMED + 1);
    assertThat(warnings.get(CappedWarnings.NAMED)).contains("and 4990 more unknown keys ignored");
  }

  @Test
  void namesTheFirstTenSkippedConditionsAndCountsTheRest() {
    StringBuilder document = new StringBuilder("{version: 1.0, anomalyConditions: [");
    for (int i = 0; i < 60; i++) {
      document.append(i == 0 ? "" : ", ").append("{usage: both}");
    }
    read(document.append("]}").toString());

    assertThat(warnings.get(CappedWarnings.NAMED))
        .contains("and 50 more anomalyConditions were skipped");
    assertThat(warnings).hasSize(CappedWarnings.NAMED + 2); // and: no usable condition
  }

  @Test
  void describesOperationsEscapedSoTheyCannotForgeALogLine() {
    AdaptiveSamplingConfig config =
        read(
            "{version: 1.0, anomalyConditions: [{highLatencyMs: 5, operations:"
                + " [\"GET /\\n[otel.javaagent 2026-12-03] INFO FORGED LINE \\e[31m\"]}]}");

    assertThat(config.describe())
        .doesNotContain("\n")
        .doesNotContain("\u001b")
        .contains("GET /\\n[otel.javaagent 2026-12-03] INFO FORGED LINE \\u001b[31m");
  }

  @Test
  void describesALargeValidDocumentInABoundedLine() {
    StringBuilder document = new StringBuilder("{version: 1.0, anomalyConditions: [");
    for (int i = 0; i < 100; i++) {
      document
          .append(i == 0 ? "" : ", ")
          .append("{highLatencyMs: ")
          .append(i)
          .append(", operations: [");
      for (int j = 0; j < 20; j++) {
        document.append(j == 0 ? "" : ", ").append("'GET /orders/").append(i * 100 + j).append("'");
      }
      document.append("]}");
    }
    AdaptiveSamplingConfig config = read(document.append("]}").toString());

    assertThat(warnings).isEmpty();
    assertThat(config.conditions()).hasSize(100);
    assertThat(config.describe().length())
        .isLessThanOrEqualTo(AdaptiveSamplingConfig.MAX_DESCRIPTION + 32);
  }

  /**
   * Any document (without {@code errorCodeRegex}): reading never throws, warns in single lines of
   * bounded length, and gives a configuration whose description is one bounded line.
   */
  @FuzzTest
  void fuzzAnyDocumentGivesAConfigurationAndBoundedSingleLineWarnings(byte[] input) {
    // errorCodeRegex is the user's Java regex, compiled by design (at most 256 characters,
    // matched against a status code of at most 20 digits); Jazzer's regex-injection sanitizer
    // reports every invalid one, so the fuzzer drives everything else. Unit tests pin the regex.
    String document = new String(input, StandardCharsets.UTF_8).replace("errorCodeRegex", "regex");
    List<String> lines = new ArrayList<>();

    AdaptiveSamplingConfig config = AdaptiveSamplingConfigReader.read(document, lines::add);

    assertThat(config).isNotNull();
    assertThat(lines).hasSizeLessThanOrEqualTo(2 * CappedWarnings.NAMED + 5);
    for (String line : lines) {
      assertThat(line).doesNotContain("\n").doesNotContain("\r").hasSizeLessThan(2_000);
    }
    String described = config.describe();
    assertThat(described).doesNotContain("\n").doesNotContain("\r");
    assertThat(described.length()).isLessThanOrEqualTo(AdaptiveSamplingConfig.MAX_DESCRIPTION + 32);
    assertThat(config.anomalyTracesPerSecond())
        .isBetween(0, AdaptiveSamplingConfigReader.MAX_TRACES_PER_SECOND);
  }
}
