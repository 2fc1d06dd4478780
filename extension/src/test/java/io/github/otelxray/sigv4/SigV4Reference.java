package io.github.otelxray.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature Version 4 written from AWS's description, independently of the product and the SDK,
 * checked against AWS's published test suite: the yardstick the product's signatures are measured
 * with. Paths here are already canonical (no dot segments, encoded once); enough for OTLP and the
 * sampling API.
 */
final class SigV4Reference {

  private SigV4Reference() {}

  /**
   * The signature of a request signing {@code signedHeaders} (names in any case; values as sent),
   * over the SHA-256 of {@code body}.
   */
  static String signature(
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
    canonical.append(hex(sha256(body)));
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hex(hmac(key, toSign));
  }

  /** The signed header names listed in an {@code Authorization} header. */
  static List<String> signedHeaderNames(String authorization) {
    int start = authorization.indexOf("SignedHeaders=") + "SignedHeaders=".length();
    int end = authorization.indexOf(',', start);
    return java.util.Arrays.asList(authorization.substring(start, end).split(";"));
  }

  static String signatureOf(String authorization) {
    return authorization.substring(authorization.indexOf("Signature=") + "Signature=".length());
  }

  static byte[] sha256(byte[] bytes) {
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

  static String hex(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    for (byte b : bytes) {
      hex.append(String.format("%02x", b & 0xff));
    }
    return hex.toString();
  }
}
