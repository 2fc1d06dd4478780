/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference signer against AWS's published Signature Version 4 test suite (its example
 * credentials, date, region and service): it is the yardstick for the product's signatures, so it
 * is measured first.
 */
class SigV4SignatureTest {

  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String SUITE_DATE = "20150830T123600Z";

  private static Map<String, String> suiteHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "example.amazonaws.com");
    headers.put("X-Amz-Date", SUITE_DATE);
    return headers;
  }

  private static String sign(String method, Map<String, String> headers, String body) {
    return SigV4Signature.signature(
        method,
        "/",
        "",
        headers,
        body.getBytes(StandardCharsets.UTF_8),
        SUITE_DATE,
        "us-east-1",
        "service",
        SECRET_KEY);
  }

  @Test
  void matchesTheSuitesGetVanilla() {
    assertThat(sign("GET", suiteHeaders(), ""))
        .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void matchesTheSuitesPostVanilla() {
    assertThat(sign("POST", suiteHeaders(), ""))
        .isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  }

  @Test
  void matchesTheSuitesFormPostWithItsBody() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    headers.putAll(suiteHeaders());
    assertThat(sign("POST", headers, "Param1=value1"))
        .isEqualTo("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
  }

  @Test
  void readsTheSignedHeadersAndTheSignatureOfAnAuthorizationHeader() {
    String authorization =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
            + " SignedHeaders=host;x-amz-date,"
            + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    assertThat(SigV4Signature.signedHeaderNames(authorization))
        .containsExactly("host", "x-amz-date");
    assertThat(SigV4Signature.signatureOf(authorization))
        .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void theVerifierAcceptsWhatTheReferenceSignedAndRefusesATamperedBody() {
    // Signed now: the verifier refuses signatures older than 15 minutes, as AWS does.
    String amzDate =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", "xray.us-east-1.amazonaws.com");
    headers.put("x-amz-date", amzDate);
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String signature =
        SigV4Signature.signature(
            "POST", "/GetSamplingRules", "", headers, body, amzDate, "us-east-1", "xray", "secret");
    Map<String, String> received = new LinkedHashMap<>(headers);
    received.put(
        "authorization",
        "AWS4-HMAC-SHA256 Credential=AKID/"
            + amzDate.substring(0, 8)
            + "/us-east-1/xray/aws4_request, SignedHeaders=host;x-amz-date, Signature="
            + signature);
    SigV4Verifier verifier = new SigV4Verifier(Map.of("AKID", "secret"), "us-east-1", "xray");

    assertThat(verifier.problem("POST", "/GetSamplingRules", null, received, body)).isNull();
    assertThat(
            verifier.problem(
                "POST",
                "/GetSamplingRules",
                null,
                received,
                "{\"x\":1}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("signature does not match");
  }
}
