/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.net.URI;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SamplerSettingsTest {

  private final List<String> warnings = new ArrayList<>();

  private SamplerSettings settings(Map<String, String> properties, Map<String, String> env) {
    return SamplerSettings.from(
        DefaultConfigProperties.createFromMap(properties), env, warnings::add);
  }

  private SamplerSettings withArg(String arg) {
    return settings(Map.of("otel.traces.sampler.arg", arg), Map.of());
  }

  private SamplerSettings withArgAndDaemon(String arg, String daemon) {
    Map<String, String> properties = new HashMap<>();
    if (arg != null) {
      properties.put("otel.traces.sampler.arg", arg);
    }
    return settings(properties, Map.of("AWS_XRAY_DAEMON_ADDRESS", daemon));
  }

  @Test
  void usesLocalhostTwoThousandAndFiveMinutesByDefault() {
    SamplerSettings settings = settings(Map.of(), Map.of());

    assertThat(settings.endpoint()).isEqualTo(URI.create("http://localhost:2000"));
    assertThat(settings.pollingIntervalSeconds()).isEqualTo(300);
    assertThat(settings.rulesFile()).isNull();
    assertThat(settings.recordRuleName()).isTrue();
    assertThat(warnings).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}, {2}s")
  @CsvSource(
      delimiter = '|',
      value = {
        "endpoint=http://collector:2000,polling_interval=60     | http://collector:2000   | 60",
        "endpoint=http://collector:2000                         | http://collector:2000   | 300",
        "polling_interval=10                                    | http://localhost:2000   | 10",
        " endpoint = https://proxy.internal:4443/ , polling_interval = 30 | https://proxy.internal:4443 | 30",
        "endpoint=HTTP://127.0.0.1:2000                         | http://127.0.0.1:2000   | 300",
        "endpoint=http://127.0.0.1                              | http://127.0.0.1        | 300",
        "endpoint=http://[::1]:2000                             | http://[::1]:2000       | 300",
        "polling_interval=10,,                                  | http://localhost:2000   | 10",
      })
  void readsEndpointAndPollingIntervalFromTheSamplerArgument(
      String arg, String endpoint, long interval) {
    SamplerSettings settings = withArg(arg);

    assertThat(settings.endpoint()).isEqualTo(URI.create(endpoint));
    assertThat(settings.pollingIntervalSeconds()).isEqualTo(interval);
    assertThat(warnings).isEmpty();
  }

  @ParameterizedTest(name = "endpoint={0}")
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.0.0.1:",
        ":2000",
        "bad host:2000",
        "ftp://collector:2000",
        "http://collector:70000",
        "http://collector:2000/GetSamplingRules",
        "http://collector:2000?x=1",
        "http://",
        "http://bad host:2000",
        "",
      })
  void warnsOnceAndUsesTheDefaultForABadEndpoint(String endpoint) {
    SamplerSettings settings = withArg("endpoint=" + endpoint);

    assertThat(settings.endpoint()).isEqualTo(URI.create("http://localhost:2000"));
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("otel.traces.sampler.arg")
        .contains("endpoint '" + endpoint + "'")
        .contains("http://localhost:2000");
  }

  @ParameterizedTest(name = "endpoint={0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1:2001   | http://127.0.0.1:2001",
        "localhost:2001   | http://localhost:2001",
        "collector:2000   | http://collector:2000",
        "[::1]:2001       | http://[::1]:2001",
      })
  void readsAnEndpointWithoutSchemeAsHttpWithOneWarning(String endpoint, String expected) {
    SamplerSettings settings = withArg("endpoint=" + endpoint);

    assertThat(settings.endpoint()).isEqualTo(URI.create(expected));
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("endpoint '" + endpoint + "' has no scheme")
        .contains("using " + expected);
  }

  @ParameterizedTest(name = "polling_interval={0}")
  @ValueSource(strings = {"0", "-5", "abc", "1.5", "", "99999999999999999999"})
  void warnsOnceAndUsesTheDefaultForABadPollingInterval(String interval) {
    SamplerSettings settings = withArg("polling_interval=" + interval);

    assertThat(settings.pollingIntervalSeconds()).isEqualTo(300);
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("polling_interval '" + interval + "'")
        .contains("300");
  }

  @ParameterizedTest(name = "polling_interval={0}")
  @ValueSource(strings = {"86401", "9223372036854775", "9223372036854775807"})
  void cutsAPollingIntervalOverADayToADayWithOneWarning(String interval) {
    SamplerSettings settings = withArg("polling_interval=" + interval);

    assertThat(settings.pollingIntervalSeconds()).isEqualTo(86_400);
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("polling_interval '" + interval + "' is over a day; using 86400");
  }

  @Test
  void acceptsAPollingIntervalOfADay() {
    assertThat(withArg("polling_interval=86400").pollingIntervalSeconds()).isEqualTo(86_400);
    assertThat(warnings).isEmpty();
  }

  @Test
  void warnsOnceAboutAnUnknownKeyAndKeepsTheOthers() {
    SamplerSettings settings = withArg("endpoint=http://collector:2000,sampling_rate=0.5");

    assertThat(settings.endpoint()).isEqualTo(URI.create("http://collector:2000"));
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("'sampling_rate'")
        .contains("endpoint and polling_interval");
  }

  @Test
  void warnsAboutEachBadSettingSeparately() {
    withArg("endpoint=ftp://x:1,polling_interval=0,colour=blue");

    assertThat(warnings).hasSize(3);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1:3000                            | http://127.0.0.1:3000",
        "tcp:127.0.0.1:3000 udp:127.0.0.1:3001     | http://127.0.0.1:3000",
        "udp:1.2.3.4:2000 tcp:127.0.0.1:2999       | http://127.0.0.1:2999",
        "xray-daemon:2000                          | http://xray-daemon:2000",
        "'  tcp:10.0.0.5:2000   udp:10.0.0.5:2000 ' | http://10.0.0.5:2000",
      })
  void usesTheDaemonAddressWhenTheArgumentHasNoEndpoint(String daemon, String endpoint) {
    assertThat(withArgAndDaemon(null, daemon).endpoint()).isEqualTo(URI.create(endpoint));
    assertThat(withArgAndDaemon("polling_interval=60", daemon).endpoint())
        .isEqualTo(URI.create(endpoint));
    assertThat(warnings).isEmpty();
  }

  @Test
  void prefersTheArgumentsEndpointOverTheDaemonAddress() {
    SamplerSettings settings = withArgAndDaemon("endpoint=http://collector:2000", "127.0.0.1:3000");

    assertThat(settings.endpoint()).isEqualTo(URI.create("http://collector:2000"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void doesNotTurnToTheDaemonAddressWhenTheArgumentsEndpointIsBad() {
    // The warning promises the default; silently using the daemon instead would contradict it.
    SamplerSettings settings = withArgAndDaemon("endpoint=ftp://x:1", "127.0.0.1:3000");

    assertThat(settings.endpoint()).isEqualTo(URI.create("http://localhost:2000"));
    assertThat(warnings).singleElement().asString().contains("http://localhost:2000");
  }

  @Test
  void usesTheDaemonAddressWhenOnlyAnUnknownKeyEndsInEndpoint() {
    // 'sampling_endpoint' is not the endpoint setting (the warning says it is ignored), so the
    // argument names no endpoint and the daemon address applies.
    SamplerSettings settings =
        withArgAndDaemon("sampling_endpoint=http://collector:2000", "127.0.0.1:3000");

    assertThat(settings.endpoint()).isEqualTo(URI.create("http://127.0.0.1:3000"));
    assertThat(warnings).singleElement().asString().contains("'sampling_endpoint'");
  }

  @Test
  void keepsTheDefaultItWarnedOfWhenABadEndpointKeyHasASpaceBeforeTheEquals() {
    SamplerSettings settings = withArgAndDaemon("endpoint =ftp://x:1", "127.0.0.1:3000");

    assertThat(warnings).singleElement().asString().contains("using http://localhost:2000");
    assertThat(settings.endpoint()).isEqualTo(URI.create("http://localhost:2000"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "udp:127.0.0.1:2000",
        "localhost",
        "127.0.0.1:",
        ":2000",
        "tcp:",
        "127.0.0.1:70000",
        "tcp:127.0.0.1:abc udp:127.0.0.1:2000",
      })
  void warnsAboutABadDaemonAddressAndUsesTheDefault(String daemon) {
    SamplerSettings settings = withArgAndDaemon(null, daemon);

    assertThat(settings.endpoint()).isEqualTo(URI.create("http://localhost:2000"));
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("AWS_XRAY_DAEMON_ADDRESS")
        .contains("'" + daemon + "'")
        .contains("http://localhost:2000");
  }

  @Test
  void ignoresABlankDaemonAddress() {
    SamplerSettings settings = withArgAndDaemon(null, "   ");

    assertThat(settings.endpoint()).isEqualTo(URI.create("http://localhost:2000"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void readsTheRulesFilePath() {
    SamplerSettings settings =
        settings(Map.of("otel.aws.xray.sampler.rules-file", " /etc/xray/rules.json "), Map.of());

    assertThat(settings.rulesFile()).isEqualTo(Paths.get("/etc/xray/rules.json"));
    assertThat(warnings).isEmpty();
  }

  @Test
  void hasNoRulesFileWhenTheSettingIsBlank() {
    assertThat(settings(Map.of("otel.aws.xray.sampler.rules-file", " "), Map.of()).rulesFile())
        .isNull();
  }

  @Test
  void warnsAboutARulesFilePathTheFileSystemRefuses() {
    SamplerSettings settings =
        settings(Map.of("otel.aws.xray.sampler.rules-file", "rules\u0000.json"), Map.of());

    assertThat(settings.rulesFile()).isNull();
    assertThat(warnings).singleElement().asString().contains("otel.aws.xray.sampler.rules-file");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"true, true", "TRUE, true", "false, false", "False, false", "' false ', false"})
  void readsTheRuleAttributeSwitch(String value, boolean record) {
    SamplerSettings settings =
        settings(Map.of("otel.aws.xray.sampler.rule-attribute", value), Map.of());

    assertThat(settings.recordRuleName()).isEqualTo(record);
    assertThat(warnings).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"no", "0", "yes please"})
  void warnsAboutAGarbageRuleAttributeSwitchAndRecordsTheName(String value) {
    SamplerSettings settings =
        settings(Map.of("otel.aws.xray.sampler.rule-attribute", value), Map.of());

    assertThat(settings.recordRuleName()).isTrue();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("otel.aws.xray.sampler.rule-attribute")
        .contains("'" + value + "'")
        .contains("true");
  }

  @Test
  void describesItselfWithEndpointIntervalAndRulesFile() {
    SamplerSettings settings =
        settings(
            Map.of(
                "otel.traces.sampler.arg", "endpoint=http://collector:2000,polling_interval=60",
                "otel.aws.xray.sampler.rules-file", "/etc/xray/rules.json"),
            Map.of());

    assertThat(settings.toString())
        .contains("http://collector:2000")
        .contains("60s")
        .contains("/etc/xray/rules.json");
  }

  @Test
  void fileSettingsAreCheckedAsTheSamplerArgumentAndWarningsNameTheYamlPath() {
    SamplerSettings settings =
        SamplerSettings.read(
            SamplerSettings.Written.inFile("tracer_provider.sampler.xray")
                .endpoint("127.0.0.1:2001")
                .pollingInterval("0")
                .rulesFile("/etc/xray/rules.json")
                .ruleAttribute("false"),
            Map.of(),
            warnings::add);

    assertThat(settings.endpoint()).hasToString("http://127.0.0.1:2001");
    assertThat(settings.pollingIntervalSeconds()).isEqualTo(300);
    assertThat(settings.rulesFile()).hasToString("/etc/xray/rules.json");
    assertThat(settings.recordRuleName()).isFalse();
    assertThat(warnings)
        .containsExactly(
            "tracer_provider.sampler.xray: endpoint '127.0.0.1:2001' has no scheme; using"
                + " http://127.0.0.1:2001.",
            "tracer_provider.sampler.xray: polling_interval '0' is not a positive number of"
                + " seconds; using 300.");
  }

  @Test
  void aFileWithoutEndpointTurnsToTheDaemonAddress() {
    SamplerSettings settings =
        SamplerSettings.read(
            SamplerSettings.Written.inFile("tracer_provider.sampler.xray"),
            Map.of("AWS_XRAY_DAEMON_ADDRESS", "tcp:127.0.0.1:2002 udp:127.0.0.1:2003"),
            warnings::add);

    assertThat(settings.endpoint()).hasToString("http://127.0.0.1:2002");
    assertThat(settings.pollingIntervalSeconds()).isEqualTo(300);
    assertThat(settings.rulesFile()).isNull();
    assertThat(settings.recordRuleName()).isTrue();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aFilesSigv4SwitchSignsTheSamplersCallsToAVpcEndpoint() {
    SamplerSettings switchedOn =
        SamplerSettings.read(
            SamplerSettings.Written.inFile("tracer_provider.sampler.xray")
                .endpoint("https://vpce-0abc.xray.eu-west-1.vpce.amazonaws.com")
                .sigv4("true"),
            Map.of("AWS_REGION", "eu-west-1"),
            warnings::add);
    SamplerSettings silent =
        SamplerSettings.read(
            SamplerSettings.Written.inFile("tracer_provider.sampler.xray")
                .endpoint("https://vpce-0abc.xray.eu-west-1.vpce.amazonaws.com"),
            Map.of("AWS_REGION", "eu-west-1"),
            warnings::add);

    assertThat(switchedOn.signing().region()).isEqualTo("eu-west-1");
    assertThat(silent.signing()).isNull();
    assertThat(warnings).isEmpty();
  }
}
