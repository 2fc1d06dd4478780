package io.github.otelxray.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigningTargetTest {

  /** {@code region} "-": not signed; {@code warns}: whether one warning comes out. */
  @ParameterizedTest(name = "{0} with enabled={1}, AWS_REGION={2}: {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "https://xray.us-east-1.amazonaws.com/v1/traces,      null,  null,      us-east-1,      false",
        "https://xray.eu-west-3.amazonaws.com:443/v1/traces,  auto,  null,      eu-west-3,      false",
        "https://XRAY.AP-SOUTHEAST-2.AMAZONAWS.COM/v1/traces, AUTO,  null,      ap-southeast-2, false",
        "https://xray.us-gov-west-1.amazonaws.com,            null,  null,      us-gov-west-1,  false",
        "https://xray.cn-north-1.amazonaws.com.cn/v1/traces,  null,  null,      cn-north-1,     false",
        "https://xray.us-east-1.amazonaws.com:8443,           null,  null,      us-east-1,      false",
        "http://localhost:4318/v1/traces,                     null,  us-east-1, -,              false",
        "http://localhost:2000,                               auto,  null,      -,              false",
        "https://xray.us-east-1.amazonaws.com.evil.example,   null,  null,      -,              false",
        "https://logs.us-east-1.amazonaws.com/v1/logs,        null,  null,      -,              false",
        "https://xray.us-east-1.amazonaws.com/v1/traces,      false, null,      -,              false",
        "https://xray.us-east-1.amazonaws.com/v1/traces,      true,  eu-west-1, us-east-1,      false",
        "https://vpce-0a1b-xray.vpce.example.internal/v1/traces, true, eu-west-1, eu-west-1,   false",
        "https://vpce-0a1b-xray.vpce.example.internal/v1/traces, true, null,    -,              true",
        "https://vpce-0a1b-xray.vpce.example.internal/v1/traces, true, 'eu west', -,            true",
        "https://xray.us-east-1.amazonaws.com/v1/traces,      maybe, null,      us-east-1,      true",
        "http://localhost:4318/v1/traces,                     yes,   null,      -,              true",
      })
  void findsTheRegionToSignFor(
      String endpoint, String enabled, String awsRegion, String region, boolean warns) {
    Map<String, String> env =
        awsRegion == null
            ? Collections.emptyMap()
            : Collections.singletonMap("AWS_REGION", awsRegion);
    List<String> warnings = new ArrayList<>();

    SigningTarget target =
        SigningTarget.forEndpoint(URI.create(endpoint), enabled, env, warnings::add);

    assertThat(target == null ? "-" : target.region()).isEqualTo(region);
    assertThat(warnings).hasSize(warns ? 1 : 0);
  }

  @ParameterizedTest
  @CsvSource({"AWS_REGION,ca-central-1", "AWS_DEFAULT_REGION,ca-central-1"})
  void takesTheRegionOfAnExplicitlySignedHostFromEitherVariable(String variable, String value) {
    Map<String, String> env = new HashMap<>();
    env.put(variable, value);

    SigningTarget target =
        SigningTarget.forEndpoint(
            URI.create("https://xray-vpce.internal/v1/traces"), "true", env, message -> {});

    assertThat(target.region()).isEqualTo("ca-central-1");
  }
}
