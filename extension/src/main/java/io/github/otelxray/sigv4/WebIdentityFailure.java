/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import io.github.otelxray.logging.LogText;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to say when a web identity token (EKS IRSA) is configured and no credentials came of it:
 * STS's refusal by its error code, with what to fix, rather than "no AWS credentials found", which
 * sends the user looking for a role they already gave. Quoted, escaped and cut: the role ARN, and
 * from what the SDK reports only STS's own answer (its error code, status and message, which name
 * the cause: "Incorrect token audience", "No OpenIDConnect provider found ..."); never the token,
 * which the SDK does not put in its messages either.
 */
final class WebIdentityFailure {

  private static final Pattern STS_CODE =
      Pattern.compile(
          "\\b(InvalidIdentityToken|ExpiredToken|IDPRejectedClaim|IDPCommunicationError"
              + "|AccessDenied|RegionDisabled|InvalidParameterValue)");
  private static final Pattern STATUS = Pattern.compile("Status Code: (\\d{3})");
  // The SDK's chain lists each provider's failure as "Provider(): message (Service: Sts, ...".
  private static final Pattern STS_MESSAGE =
      Pattern.compile("WebIdentityTokenCredentialsProvider\\(\\): (.*?) \\(Service: Sts");
  static final int QUOTED_CHARS = 200;

  private WebIdentityFailure() {}

  /**
   * The role a web identity token is configured for, as the SDK's chain reads it (environment, then
   * system properties); {@code null} when there is none.
   */
  static String configuredRole(Map<String, String> env, Function<String, String> properties) {
    String tokenFile = env.get("AWS_WEB_IDENTITY_TOKEN_FILE");
    String role = env.get("AWS_ROLE_ARN");
    if (isBlank(tokenFile)) {
      tokenFile = properties.apply("aws.webIdentityTokenFile");
    }
    if (isBlank(role)) {
      role = properties.apply("aws.roleArn");
    }
    return isBlank(tokenFile) || isBlank(role) ? null : role.trim();
  }

  /** One line naming the cause in {@code failure}, the SDK's exception, and what to fix. */
  static String describe(String role, RuntimeException failure) {
    String text = String.valueOf(failure.getMessage());
    String head =
        "the web identity token (AWS_WEB_IDENTITY_TOKEN_FILE) could not be exchanged for"
            + " credentials of role "
            + LogText.escape(role)
            + " with STS AssumeRoleWithWebIdentity: ";
    Matcher code = STS_CODE.matcher(text);
    Matcher status = STATUS.matcher(text);
    Matcher message = STS_MESSAGE.matcher(text);
    String name = code.find() ? code.group(1) : "";
    String statusCode = status.find() ? status.group(1) : null;
    if (name.isEmpty() && statusCode == null) {
      return head
          + "STS could not be reached or gave no credentials. Check that the token file is"
          + " readable, that STS (or AWS_ENDPOINT_URL_STS) is reachable, and the role's trust"
          + " policy";
    }
    String said =
        (statusCode != null ? " (HTTP " + statusCode + ")" : "")
            + (message.find()
                ? " (STS said: " + LogText.escape(message.group(1), QUOTED_CHARS) + ")"
                : "");
    switch (name) {
      case "InvalidIdentityToken":
      case "IDPRejectedClaim":
        return head
            + "STS refused the token ("
            + name
            + said
            + "). Check the role's trust policy: the cluster's OIDC provider, the audience"
            + " sts.amazonaws.com and the service account named in the condition";
      case "ExpiredToken":
        return head
            + "the token has expired (ExpiredToken"
            + said
            + "). The kubelet renews the projected token; check that the file is the projected"
            + " one and that it is mounted";
      case "AccessDenied":
        return head
            + "STS denied it (AccessDenied"
            + said
            + "). The role's trust policy does not allow sts:AssumeRoleWithWebIdentity for this"
            + " identity";
      case "":
        return head
            + "STS refused it"
            + said
            + ". Check the role's trust policy (the cluster's OIDC provider, the audience"
            + " sts.amazonaws.com, the service account) and the token file";
      default:
        return head + "STS answered " + name + said;
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.trim().isEmpty();
  }
}
