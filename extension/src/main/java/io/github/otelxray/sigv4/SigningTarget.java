/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import io.github.otelxray.logging.LogText;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether calls to one endpoint are SigV4-signed, and for which region. {@code
 * otel.aws.xray.sigv4.enabled}: {@code auto} (the default) signs exactly when the host is X-Ray's
 * own, {@code xray.<region>.amazonaws.com} on any port, with the region the host names; {@code
 * true} signs for any host (a VPC endpoint's name says no region, so it comes from {@code
 * AWS_REGION} or {@code AWS_DEFAULT_REGION}, as the AWS SDKs take it); {@code false} never signs.
 *
 * <p>Signing needs {@code https}: a signed request carries the access key id and, with temporary
 * credentials, the whole session token, which anyone on the path could read and replay over plain
 * HTTP. An {@code http} endpoint is not signed, with one warning, whatever the setting; the one
 * exception is {@code true} with a loopback address ({@code 127.x.x.x}, {@code ::1}, {@code
 * localhost}), where the request does not leave the host: a forwarder or test double there is the
 * user's explicit choice. The address is taken as written, never resolved, so a name the hosts file
 * maps to loopback is not trusted.
 */
public final class SigningTarget {

  /** The signing name of X-Ray's API and of its OTLP traces endpoint. */
  public static final String SERVICE = "xray";

  // Region names as AWS spells them: us-east-1, ap-southeast-2, us-gov-west-1, eusc-de-east-1.
  private static final String REGION = "[a-z]{2,5}(?:-[a-z]+)+-\\d{1,2}";
  private static final Pattern XRAY_HOST =
      Pattern.compile("xray\\.(" + REGION + ")\\.amazonaws\\.com(?:\\.cn)?");
  private static final Pattern REGION_NAME = Pattern.compile(REGION);
  private static final Pattern LOOPBACK_V4 =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final String region;

  private SigningTarget(String region) {
    this.region = region;
  }

  /** The region requests are signed for. */
  public String region() {
    return region;
  }

  /** The region named by an X-Ray host, or {@code null} when {@code endpoint} is not X-Ray's. */
  static String regionOfXRayHost(URI endpoint) {
    String host = endpoint.getHost();
    if (host == null) {
      return null;
    }
    Matcher matcher = XRAY_HOST.matcher(host.toLowerCase(Locale.ROOT));
    return matcher.matches() ? matcher.group(1) : null;
  }

  /**
   * The target for calls to {@code endpoint}, or {@code null} when they go unsigned. A setting or
   * region that cannot be used costs one warning through {@code warn} and the call goes unsigned.
   *
   * @param enabled the value of {@code otel.aws.xray.sigv4.enabled}, or {@code null}
   * @param env the process environment ({@code AWS_REGION}, {@code AWS_DEFAULT_REGION})
   */
  public static SigningTarget forEndpoint(
      URI endpoint, String enabled, Map<String, String> env, Consumer<String> warn) {
    String mode = enabled == null ? "auto" : enabled.trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("auto") && !mode.equals("true") && !mode.equals("false")) {
      warn.accept(
          "otel.aws.xray.sigv4.enabled='"
              + LogText.escape(enabled)
              + "' is not auto, true or false; using auto (sign for xray.<region>.amazonaws.com).");
      mode = "auto";
    }
    if (mode.equals("false")) {
      return null;
    }
    if (!"https".equalsIgnoreCase(endpoint.getScheme())
        && !(mode.equals("true") && isLoopback(endpoint.getHost()))
        && (mode.equals("true") || regionOfXRayHost(endpoint) != null)) {
      warn.accept(
          LogText.escape(String.valueOf(endpoint))
              + " is not https: requests to it are not signed, so no AWS credentials go out in"
              + " clear text (X-Ray refuses unsigned requests). Use https://"
              + LogText.escape(String.valueOf(endpoint.getHost()))
              + (mode.equals("true")
                  ? "; only a loopback address is signed over plain http, with"
                      + " otel.aws.xray.sigv4.enabled=true."
                  : "."));
      return null;
    }
    String fromHost = regionOfXRayHost(endpoint);
    if (fromHost != null) {
      return new SigningTarget(fromHost);
    }
    if (mode.equals("auto")) {
      return null;
    }
    for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      String value = env.get(variable);
      if (value == null || value.trim().isEmpty()) {
        continue;
      }
      String region = value.trim().toLowerCase(Locale.ROOT);
      if (REGION_NAME.matcher(region).matches()) {
        return new SigningTarget(region);
      }
      warn.accept(
          variable
              + "='"
              + LogText.escape(value)
              + "' is not an AWS region name; requests to "
              + LogText.escape(String.valueOf(endpoint))
              + " are not signed.");
      return null;
    }
    warn.accept(
        "otel.aws.xray.sigv4.enabled=true, but "
            + LogText.escape(String.valueOf(endpoint.getHost()))
            + " names no region and neither AWS_REGION nor AWS_DEFAULT_REGION is set; requests to"
            + " it are not signed. Set AWS_REGION to the region of the X-Ray endpoint.");
    return null;
  }

  /** Whether {@code host} is a loopback address as written: 127.x.x.x, ::1 or localhost. */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.equals("localhost")
        || lower.equals("[::1]")
        || lower.equals("::1")
        || LOOPBACK_V4.matcher(lower).matches();
  }

  @Override
  public String toString() {
    return "SigV4 for " + SERVICE + " in " + region;
  }
}
