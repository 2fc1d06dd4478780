package io.github.otelxray.fakes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a request's AWS Signature Version 4 the way AWS does, written here from AWS's description
 * and independent of the product and of the AWS SDK: the canonical request is rebuilt from what
 * arrived (method, path, query, the headers the signature names, the SHA-256 of the body bytes as
 * received), and the signature recomputed with the secret key the test gave the service.
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
    String credential = field(authorization, "Credential=");
    String signedHeaders = field(authorization, "SignedHeaders=");
    String signature = field(authorization, "Signature=");
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
    TreeMap<String, String> canonicalHeaders = new TreeMap<>();
    for (String name : names) {
      String value = headers.get(name);
      if (value == null) {
        return "signed header " + name + " not sent";
      }
      canonicalHeaders.put(name, value.trim().replaceAll(" +", " "));
    }
    String contentHash = HexFormat.of().formatHex(sha256(body));
    String claimed = headers.get("x-amz-content-sha256");
    if (claimed != null && !claimed.equals(contentHash)) {
      return "x-amz-content-sha256 is not the hash of the body received";
    }
    StringBuilder canonical = new StringBuilder();
    canonical.append(method).append('\n').append(rawPath.isEmpty() ? "/" : rawPath).append('\n');
    canonical.append(rawQuery == null ? "" : rawQuery).append('\n');
    canonicalHeaders.forEach((n, v) -> canonical.append(n).append(':').append(v).append('\n'));
    canonical.append('\n').append(signedHeaders).append('\n').append(contentHash);
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + String.join("/", scope[1], scope[2], scope[3], scope[4])
            + "\n"
            + HexFormat.of()
                .formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[1]);
    key = hmac(key, scope[2]);
    key = hmac(key, scope[3]);
    key = hmac(key, "aws4_request");
    String expected = HexFormat.of().formatHex(hmac(key, toSign));
    return MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))
        ? null
        : "signature does not match";
  }

  private static String field(String authorization, String name) {
    int start = authorization.indexOf(name);
    if (start < 0) {
      return null;
    }
    start += name.length();
    int end = authorization.indexOf(',', start);
    return (end < 0 ? authorization.substring(start) : authorization.substring(start, end)).trim();
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
