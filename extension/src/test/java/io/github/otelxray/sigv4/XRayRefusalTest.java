/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XRayRefusalTest {

  private static final String ACTIONS = "xray:PutSpans and xray:PutSpansForIndexing";

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "403|{\"__type\":\"SignatureDoesNotMatch\",\"message\":\"The request signature we calculated does not match\"}|bad-signature",
        "403|{\"message\":\"Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z\"}|clock-skew",
        "403|{\"message\":\"Signature not yet current: 20270101T000000Z is still later than now\"}|clock-skew",
        "403|{\"__type\":\"ExpiredTokenException\",\"message\":\"The security token included in the request is expired\"}|expired-credentials",
        "403|{\"__type\":\"UnrecognizedClientException\",\"message\":\"The security token included in the request is invalid.\"}|invalid-credentials",
        "403|{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:sts::1:assumed-role/app is not authorized to perform: xray:PutSpans\"}|missing-permission",
        "400|{\"message\":\"The OTLP API is supported with CloudWatch Logs as a Trace Segment Destination.\"}|transaction-search",
        "403|<html>Forbidden</html>|forbidden",
        "500|oops|http-500",
      })
  void tellsTheCauseFromStatusAndBody(int status, String body, String cause) {
    assertThat(XRayRefusal.of(status, body, "OTLP export", ACTIONS).cause()).isEqualTo(cause);
  }

  @Test
  void namesTheIamActionsForAMissingPermission() {
    XRayRefusal refusal =
        XRayRefusal.of(
            403,
            "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized to perform\"}",
            "GetSamplingRules",
            "xray:GetSamplingRules and xray:GetSamplingTargets");

    assertThat(refusal.message())
        .startsWith("GetSamplingRules refused with HTTP 403: ")
        .contains("Allow xray:GetSamplingRules and xray:GetSamplingTargets");
  }

  @Test
  void quotesTheAnswerEscapedAndBounded() {
    String body = "{\"message\":\"AccessDenied\n[forged] line\u001b[31m\"}" + "x".repeat(5_000);

    String message = XRayRefusal.of(403, body, "OTLP export", ACTIONS).message();

    assertThat(message).doesNotContain("\n").doesNotContain("\u001b").hasSizeLessThan(1_000);
  }
}
