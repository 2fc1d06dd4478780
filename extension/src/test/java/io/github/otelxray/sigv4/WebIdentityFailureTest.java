/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebIdentityFailureTest {

  private static final String ROLE = "arn:aws:iam::123456789012:role/orders";

  @Test
  void findsTheRoleOfATokenInTheEnvironmentOrTheSystemProperties() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks/token");
    env.put("AWS_ROLE_ARN", ROLE);
    Map<String, String> properties = new HashMap<>();
    properties.put("aws.webIdentityTokenFile", "/token");
    properties.put("aws.roleArn", "arn:aws:iam::1:role/p");

    assertThat(WebIdentityFailure.configuredRole(env, key -> null)).isEqualTo(ROLE);
    assertThat(WebIdentityFailure.configuredRole(Collections.emptyMap(), properties::get))
        .isEqualTo("arn:aws:iam::1:role/p");
    assertThat(
            WebIdentityFailure.configuredRole(
                Collections.singletonMap("AWS_ROLE_ARN", ROLE), key -> null))
        .isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Status Code: 400 InvalidIdentityToken | STS refused the token (InvalidIdentityToken (HTTP 400))",
        "IDPRejectedClaim | STS refused the token (IDPRejectedClaim)",
        "ExpiredTokenException (Status Code: 400) | the token has expired (ExpiredToken (HTTP 400))",
        "AccessDenied: Not authorized | STS denied it (AccessDenied)",
        "RegionDisabledException | STS answered RegionDisabled",
        "Connect timed out | STS could not be reached or gave no credentials",
      })
  void namesTheCauseStsGave(String sdkMessage, String cause) {
    String line = WebIdentityFailure.describe(ROLE, new IllegalStateException(sdkMessage));

    assertThat(line)
        .startsWith("the web identity token (AWS_WEB_IDENTITY_TOKEN_FILE) could not be exchanged")
        .contains(cause)
        .doesNotContain("no AWS credentials found");
  }

  @Test
  void quotesNothingOfTheSdksMessageButTheCodeAndStatus() {
    String line =
        WebIdentityFailure.describe(
            ROLE + "\nFORGED",
            new IllegalStateException(
                "InvalidIdentityToken eyJhbGciOiJSUzI1NiJ9.secret-token\nFORGED LINE"));

    assertThat(line).doesNotContain("eyJhbGci").doesNotContain("\n").contains("\\nFORGED");
  }
}
