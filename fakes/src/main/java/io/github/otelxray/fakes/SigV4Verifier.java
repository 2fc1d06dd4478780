/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a request's AWS Signature Version 4 the way AWS does, independently of the product and of
 * the AWS SDK: the canonical request is rebuilt from what arrived (method, path, query, the headers
 * the signature names, the SHA-256 of the body bytes as received), and the signature recomputed by
 * {@link SigV4Signature} with the secret key the test gave the service.
 */
public final class SigV4Verifier {

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Map<String, String> secretKeys;
  private final String region;
  private final String service;

  /** {@code secretKeys}: access key id to secret key. */
  public SigV4Verifier(Map<String, String> secretKeys, String region, String service) {
    this.secretKeys = Map.copyOf(secretKeys);
    this.region = region;
    this.service = service;
  }

  /**
   * {@code null} when the signature is right, else why not.
   *
   * @param headers lower-case names, values joined by ","
   */
  public String problem(
      String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {
    String authorization = headers.get("authorization");
    if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
      return "no SigV4 Authorization header";
    }
    String credential = SigV4Signature.field(authorization, "Credential=");
    String signedHeaders = SigV4Signature.field(authorization, "SignedHeaders=");
    String signature = SigV4Signature.field(authorization, "Signature=");
    if (credential == null || signedHeaders == null || signature == null) {
      return "malformed Authorization header";
    }
    String[] scope = credential.split("/");
    if (scope.length != 5 || !scope[4].equals("aws4_request")) {
      return "malformed credential scope";
    }
    String secret = secretKeys.get(scope[0]);
    if (secret == null) {
      return "unknown access key";
    }
    if (!scope[2].equals(region) || !scope[3].equals(service)) {
      return "signed for " + scope[2] + "/" + scope[3] + ", not " + region + "/" + service;
    }
    String amzDate = headers.get("x-amz-date");
    if (amzDate == null || !amzDate.startsWith(scope[1])) {
      return "X-Amz-Date missing or not the scope's date";
    }
    Instant signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    if (Duration.between(signedAt, Instant.now()).abs().compareTo(Duration.ofMinutes(15)) > 0) {
      return "signature expired";
    }
    List<String> names = List.of(signedHeaders.split(";"));
    if (!names.contains("host") || !names.contains("x-amz-date")) {
      return "host or x-amz-date not signed";
    }
    Map<String, String> signed = new TreeMap<>();
    for (String name : names) {
      String value = headers.get(name);
      if (value == null) {
        return "signed header " + name + " not sent";
      }
      signed.put(name, value);
    }
    String claimed = headers.get("x-amz-content-sha256");
    if (claimed != null && !claimed.equals(SigV4Signature.sha256Hex(body))) {
      return "x-amz-content-sha256 is not the hash of the body received";
    }
    String expected =
        SigV4Signature.signature(
            method,
            rawPath.isEmpty() ? "/" : rawPath,
            rawQuery == null ? "" : rawQuery,
            signed,
            body,
            amzDate,
            scope[2],
            scope[3],
            secret);
    return MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))
        ? null
        : "signature does not match";
  }
}
