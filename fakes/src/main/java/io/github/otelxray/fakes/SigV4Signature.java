/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 written from AWS's description, independently of the product and of the
 * AWS SDK: the yardstick the product's signatures are measured with, by {@link SigV4Verifier} on
 * what arrives at {@link FakeXRay} and by unit tests on what the signer produces. Paths here are
 * already canonical (no dot segments, encoded once); enough for OTLP and the sampling API.
 */
public final class SigV4Signature {

  private static final HexFormat HEX = HexFormat.of();

  private SigV4Signature() {}

  /**
   * The signature of a request signing {@code signedHeaders} (names in any case; values as sent),
   * over the SHA-256 of {@code body}, with the date of {@code amzDate} in its scope.
   */
  public static String signature(
      String method,
      String canonicalPath,
      String canonicalQuery,
      Map<String, String> signedHeaders,
      byte[] body,
      String amzDate,
      String region,
      String service,
      String secretKey) {
    TreeMap<String, String> headers = new TreeMap<>();
    signedHeaders.forEach(
        (name, value) ->
            headers.put(name.toLowerCase(Locale.ROOT), value.trim().replaceAll(" +", " ")));
    StringBuilder canonical = new StringBuilder();
    canonical.append(method).append('\n').append(canonicalPath).append('\n');
    canonical.append(canonicalQuery).append('\n');
    headers.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
    canonical.append('\n').append(String.join(";", headers.keySet())).append('\n');
    canonical.append(HEX.formatHex(sha256(body)));
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + HEX.formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return HEX.formatHex(hmac(key, toSign));
  }

  /** The signed header names listed in an {@code Authorization} header, as listed. */
  public static List<String> signedHeaderNames(String authorization) {
    String names = field(authorization, "SignedHeaders=");
    return names == null ? List.of() : List.of(names.split(";"));
  }

  /** The signature in an {@code Authorization} header. */
  public static String signatureOf(String authorization) {
    return field(authorization, "Signature=");
  }

  /** One {@code name=value} field of an {@code Authorization} header; null when absent. */
  static String field(String authorization, String name) {
    int start = authorization.indexOf(name);
    if (start < 0) {
      return null;
    }
    start += name.length();
    int end = authorization.indexOf(',', start);
    return (end < 0 ? authorization.substring(start) : authorization.substring(start, end)).trim();
  }

  /** The lower-case hex SHA-256 of {@code bytes}, as {@code x-amz-content-sha256} carries it. */
  public static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256(bytes));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
