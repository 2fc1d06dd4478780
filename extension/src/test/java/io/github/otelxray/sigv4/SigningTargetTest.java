/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
        "http://xray.us-east-1.amazonaws.com:4318/v1/traces,  null,  null,      -,              true",
        "http://xray.us-east-1.amazonaws.com,                 true,  null,      -,              true",
        "http://vpce-0a1b-xray.vpce.example.internal/v1/traces, true, eu-west-1, -,             true",
        "http://127.0.0.1:4318/v1/traces,                     true,  eu-west-1, eu-west-1,      false",
        "http://localhost:4318/v1/traces,                     true,  eu-west-1, eu-west-1,      false",
        "http://[::1]:4318/v1/traces,                         true,  eu-west-1, eu-west-1,      false",
        "HTTPS://xray.us-east-1.amazonaws.com/v1/traces,      null,  null,      us-east-1,      false",
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

  @Test
  void tellsWhyAPlainHttpEndpointToXRayIsNotSigned() {
    List<String> warnings = new ArrayList<>();

    SigningTarget.forEndpoint(
        URI.create("http://xray.us-east-1.amazonaws.com:4318/v1/traces"),
        null,
        Collections.emptyMap(),
        warnings::add);

    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("http://xray.us-east-1.amazonaws.com:4318/v1/traces is not https")
        .contains("no AWS credentials go out in clear text")
        .contains("Use https://xray.us-east-1.amazonaws.com");
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1,true",
    "127.255.0.9,true",
    "localhost,true",
    "LOCALHOST,true",
    "[::1],true",
    "128.0.0.1,false",
    "127.0.0.1.example.com,false",
    "localhost.example.com,false",
    "10.0.0.1,false"
  })
  void takesOnlyAnAddressWrittenAsLoopbackForLoopback(String host, boolean loopback) {
    assertThat(SigningTarget.isLoopback(host)).isEqualTo(loopback);
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
