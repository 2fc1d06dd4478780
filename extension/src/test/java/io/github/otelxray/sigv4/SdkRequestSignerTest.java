/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelxray.fakes.SigV4Signature;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

class SdkRequestSignerTest {

  // AWS's published Signature Version 4 test suite: its example credentials, date and scope.
  private static final String ACCESS_KEY = "AKIDEXAMPLE";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String SUITE_DATE = "20150830T123600Z";
  private static final Clock SUITE_CLOCK =
      Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
  private static final Logger LOGGER = Logger.getLogger(SdkRequestSignerTest.class.getName());
  private static final URI OTLP = URI.create("https://xray.us-east-1.amazonaws.com/v1/traces");

  private static SdkRequestSigner signer(String service, AwsCredentialsProvider credentials) {
    return new SdkRequestSigner(service, "us-east-1", lease(credentials), SUITE_CLOCK);
  }

  private static SharedCredentials.Lease lease(AwsCredentialsProvider credentials) {
    return new SharedCredentials(() -> new CredentialLookup(credentials, SUITE_CLOCK, null, LOGGER))
        .acquire();
  }

  private static AwsCredentialsProvider suiteCredentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  @Test
  void signsTheSuitesGetVanillaAsTheReferenceDoes() throws Exception {
    Map<String, String> added =
        signer("service", suiteCredentials())
            .sign(
                "GET",
                URI.create("https://example.amazonaws.com/"),
                new LinkedHashMap<>(),
                new byte[0]);

    // The SDK's signer also signs x-amz-content-sha256 (the suite's requests have none), so the
    // suite's signature cannot come out; the reference, which matches the suite, must.
    assertThat(added).containsEntry("X-Amz-Date", SUITE_DATE);
    String authorization = added.get("Authorization");
    assertThat(authorization)
        .startsWith(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,");
    assertSignedAsReference(
        "GET", "/", "example.amazonaws.com", new LinkedHashMap<>(), new byte[0], added, "service");
  }

  @Test
  void signsAGzippedOtlpBodyForXRayAsTheReferenceDoes() throws Exception {
    byte[] body =
        gzip("a protobuf ExportTraceServiceRequest stands here".getBytes(StandardCharsets.UTF_8));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-protobuf");
    headers.put("Content-Encoding", "gzip");

    Map<String, String> added =
        signer("xray", suiteCredentials()).sign("POST", OTLP, headers, body);

    assertThat(added.get("Authorization")).contains("/us-east-1/xray/aws4_request");
    assertThat(SigV4Signature.signedHeaderNames(added.get("Authorization")))
        .contains("content-encoding", "content-type", "host", "x-amz-date");
    assertSignedAsReference(
        "POST", "/v1/traces", "xray.us-east-1.amazonaws.com", headers, body, added, "xray");
  }

  @Test
  void signsAsTheSdksOtherSignerOnTheSameRequest() throws Exception {
    byte[] body = "{\"NextToken\":null}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    URI rules = URI.create("https://xray.eu-west-1.amazonaws.com/GetSamplingRules");
    SdkRequestSigner ours =
        new SdkRequestSigner("xray", "eu-west-1", lease(suiteCredentials()), SUITE_CLOCK);

    Map<String, String> added = ours.sign("POST", rules, headers, body);

    // The SDK's older Aws4Signer, given the same request with the content hash header ours adds.
    @SuppressWarnings("deprecation")
    SdkHttpFullRequest signedByOld =
        Aws4Signer.create()
            .sign(
                SdkHttpFullRequest.builder()
                    .method(SdkHttpMethod.POST)
                    .uri(rules)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("x-amz-content-sha256", added.get("x-amz-content-sha256"))
                    .contentStreamProvider(() -> new java.io.ByteArrayInputStream(body))
                    .build(),
                Aws4SignerParams.builder()
                    .awsCredentials(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))
                    .signingName("xray")
                    .signingRegion(Region.EU_WEST_1)
                    .signingClockOverride(SUITE_CLOCK)
                    .build());
    assertThat(added.get("Authorization"))
        .isEqualTo(signedByOld.firstMatchingHeader("Authorization").get());
  }

  @Test
  void sendsTheSessionTokenOfTemporaryCredentials() throws Exception {
    AwsCredentialsProvider session =
        StaticCredentialsProvider.create(
            AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, "the-session-token"));

    Map<String, String> added =
        signer("xray", session).sign("POST", OTLP, new LinkedHashMap<>(), new byte[] {1});

    assertThat(added).containsEntry("X-Amz-Security-Token", "the-session-token");
    assertThat(SigV4Signature.signedHeaderNames(added.get("Authorization")))
        .contains("x-amz-security-token");
  }

  private static void assertSignedAsReference(
      String method,
      String path,
      String host,
      Map<String, String> sent,
      byte[] body,
      Map<String, String> added,
      String service) {
    Map<String, String> all = new LinkedHashMap<>(sent);
    all.putAll(added);
    all.put("Host", host);
    Map<String, String> signed = new LinkedHashMap<>();
    for (String name : SigV4Signature.signedHeaderNames(added.get("Authorization"))) {
      all.forEach(
          (key, value) -> {
            if (key.equalsIgnoreCase(name)) {
              signed.put(name, value);
            }
          });
    }
    assertThat(signed).hasSameSizeAs(SigV4Signature.signedHeaderNames(added.get("Authorization")));
    assertThat(SigV4Signature.signatureOf(added.get("Authorization")))
        .isEqualTo(
            SigV4Signature.signature(
                method,
                path,
                "",
                signed,
                body,
                added.get("X-Amz-Date"),
                "us-east-1",
                service,
                SECRET_KEY));
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void reportsTheSdksRefusalToSignByItsKindNeverItsMessage() {
    // No region: the SDK refuses the request; what it says about it is not passed on.
    SdkRequestSigner noRegion =
        new SdkRequestSigner("xray", null, lease(suiteCredentials()), SUITE_CLOCK);

    assertThatThrownBy(
            () ->
                noRegion.sign(
                    "POST",
                    URI.create("https://xray.us-east-1.amazonaws.com/GetSamplingRules"),
                    Map.of("X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLE-token"),
                    new byte[0]))
        .isInstanceOf(SigningException.class)
        .hasMessageStartingWith("the request could not be signed (")
        .hasMessageNotContaining("FwoG")
        .hasMessageNotContaining(SECRET_KEY);
  }
}
