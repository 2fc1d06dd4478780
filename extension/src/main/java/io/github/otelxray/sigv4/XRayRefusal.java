/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import io.github.otelxray.logging.LogText;
import java.util.Locale;

/**
 * What an error answer from X-Ray means and what to fix, told from its status and body. AWS answers
 * a refused signature or permission with 403 and a short JSON or XML body naming the error ({@code
 * SignatureDoesNotMatch}, {@code AccessDeniedException}, ...); we match those names and the phrases
 * of their messages. The body of the OTLP endpoint's refusal when Transaction Search is off is not
 * documented; it names the trace segment destination, which is what we match.
 */
public final class XRayRefusal {

  /** How much of the body is quoted in a warning (escaped). */
  static final int QUOTED_CHARS = 300;

  private final String cause;
  private final String message;

  private XRayRefusal(String cause, String message) {
    this.cause = cause;
    this.message = message;
  }

  /** A short key naming the cause: one warning per distinct cause. */
  public String cause() {
    return cause;
  }

  /** One line saying what happened and what to fix; escaped, bounded, without secrets. */
  public String message() {
    return message;
  }

  /**
   * @param what the call, e.g. "OTLP export to https://xray.us-east-1.amazonaws.com/v1/traces"
   * @param actions the IAM actions the call needs, as a policy names them
   */
  public static XRayRefusal of(int status, String body, String what, String actions) {
    String text = body == null ? "" : body;
    String lower = text.toLowerCase(Locale.ROOT);
    String quoted =
        text.isEmpty() ? "" : " (X-Ray said: " + LogText.escape(text, QUOTED_CHARS) + ")";
    String head = what + " refused with HTTP " + status;
    if (lower.contains("segment destination")
        || lower.contains("transaction search")
        || lower.contains("updatetracesegmentdestination")) {
      return new XRayRefusal(
          "transaction-search",
          head
              + ": Transaction Search is not enabled in this account and region. Enable it in the"
              + " CloudWatch console (Application Signals > Transaction Search) or with"
              + " 'aws xray update-trace-segment-destination --destination CloudWatchLogs'"
              + quoted);
    }
    if (lower.contains("signature expired")
        || lower.contains("not yet current")
        || lower.contains("requesttimetooskewed")
        || lower.contains("clock skew")) {
      return new XRayRefusal(
          "clock-skew",
          head
              + ": this host's clock is too far from AWS time for the signature to be accepted."
              + " Synchronise the clock (NTP, chrony, the Amazon Time Sync Service)"
              + quoted);
    }
    if (lower.contains("expiredtoken")
        || lower.contains("token included in the request is expired")) {
      return new XRayRefusal(
          "expired-credentials",
          head
              + ": the AWS credentials have expired. Credentials fixed in the environment cannot be"
              + " refreshed; use an IAM role (task role, IRSA, Pod Identity, instance profile)"
              + quoted);
    }
    if (lower.contains("signaturedoesnotmatch") || lower.contains("signature we calculated")) {
      return new XRayRefusal(
          "bad-signature",
          head
              + ": X-Ray computed another signature. Check that the secret key belongs to the"
              + " access key, that the region signed for is the endpoint's, and that no proxy"
              + " changes the request on its way"
              + quoted);
    }
    if (lower.contains("invalidclienttokenid")
        || lower.contains("unrecognizedclient")
        || lower.contains("token included in the request is invalid")
        || lower.contains("missingauthenticationtoken")
        || lower.contains("incompletesignature")) {
      return new XRayRefusal(
          "invalid-credentials",
          head + ": X-Ray does not know these AWS credentials. Check the access key" + quoted);
    }
    if (lower.contains("accessdenied") || lower.contains("not authorized")) {
      return new XRayRefusal(
          "missing-permission",
          head
              + ": the IAM identity lacks a permission. Allow "
              + actions
              + " on resource \"*\" in the role's policy"
              + quoted);
    }
    if (status == 403) {
      return new XRayRefusal(
          "forbidden",
          head
              + ": check the credentials, the IAM policy (allow "
              + actions
              + ") and the host's clock"
              + quoted);
    }
    return new XRayRefusal("http-" + status, head + quoted);
  }
}
