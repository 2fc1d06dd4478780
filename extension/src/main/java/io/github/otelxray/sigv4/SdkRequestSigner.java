/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** {@link RequestSigner} through the AWS SDK's own SigV4 signer and credential providers. */
final class SdkRequestSigner implements RequestSigner {

  private final String service;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final Clock clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final String webIdentityRole; // AWS_ROLE_ARN when a web identity token is configured

  // After a failed lookup the chain is asked again only after a pause, doubling up to the max:
  // each lookup may call STS or a credentials endpoint, and exports come every few seconds.
  private SigningException failure; // guarded by this
  private long retryAtMillis; // guarded by this
  private long pauseMillis = FIRST_PAUSE_MILLIS; // guarded by this

  static final long FIRST_PAUSE_MILLIS = 10_000;
  static final long MAX_PAUSE_MILLIS = 300_000;

  SdkRequestSigner(String service, String region, AwsCredentialsProvider credentials, Clock clock) {
    this(service, region, credentials, clock, null);
  }

  SdkRequestSigner(
      String service,
      String region,
      AwsCredentialsProvider credentials,
      Clock clock,
      String webIdentityRole) {
    this.service = service;
    this.region = region;
    this.credentials = credentials;
    this.clock = clock;
    this.webIdentityRole = webIdentityRole;
  }

  static SdkRequestSigner withDefaultChain(String region, Clock clock) {
    return new SdkRequestSigner(
        SigningTarget.SERVICE,
        region,
        // No background refresh thread: the SDK refreshes before expiry in the calling thread,
        // which is always ours (export, sampler poller) and runs with instrumentation suppressed,
        // so the credential endpoint's calls never show up as spans of their own.
        DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(false).build(),
        clock,
        WebIdentityFailure.configuredRole(System.getenv(), System::getProperty));
  }

  @Override
  public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body)
      throws SigningException {
    AwsCredentialsIdentity identity = resolve();
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    headers.forEach(request::putHeader);
    SignedRequest signed;
    try {
      signed =
          signer.sign(
              r ->
                  r.identity(identity)
                      .request(request.build())
                      .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                      .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                      .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    } catch (RuntimeException e) {
      // Only the kind: the SDK's message about a request may quote its headers, and with them
      // the session token.
      throw new SigningException(
          "the request could not be signed (" + e.getClass().getName() + " in the AWS SDK)");
    }
    Map<String, String> added = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      String name = header.getKey();
      // The HTTP client writes Host itself, from the same URI; the caller's own headers it has.
      if (name.equalsIgnoreCase("Host") || containsIgnoringCase(headers, name)) {
        continue;
      }
      added.put(name, String.join(",", header.getValue()));
    }
    return added;
  }

  private synchronized AwsCredentialsIdentity resolve() throws SigningException {
    long now = clock.millis();
    if (failure != null && now < retryAtMillis) {
      throw failure;
    }
    AwsCredentialsIdentity identity;
    try {
      identity = credentials.resolveCredentials();
    } catch (RuntimeException e) {
      failure = new SigningException(lookupFailure(e));
      retryAtMillis = now + pauseMillis;
      pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
      throw failure;
    }
    failure = null;
    pauseMillis = FIRST_PAUSE_MILLIS;
    Instant expiry = identity.expirationTime().orElse(null);
    if (expiry != null && !expiry.isAfter(clock.instant())) {
      throw new SigningException(
          "the AWS credentials expired at "
              + expiry
              + " and no fresh ones could be found: renew the credentials the process is given"
              + " (static session credentials in the environment cannot be refreshed)");
    }
    return identity;
  }

  private String lookupFailure(RuntimeException e) {
    if (webIdentityRole != null) {
      return WebIdentityFailure.describe(webIdentityRole, e) + retryNote();
    }
    // The SDK's message lists every source it tried; it is long, so we say it shorter, and
    // quote nothing the chain read.
    return "no AWS credentials found (tried AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the system"
        + " properties aws.accessKeyId/aws.secretAccessKey, AWS_WEB_IDENTITY_TOKEN_FILE,"
        + " the profile files, the container credentials endpoint and the EC2 instance"
        + " profile): give the task, pod or instance an IAM role, or set the variables"
        + retryNote();
  }

  private String retryNote() {
    return " (looked up again in " + pauseMillis / 1000 + " s at the earliest)";
  }

  private static boolean containsIgnoringCase(Map<String, String> headers, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String key : headers.keySet()) {
      if (key.toLowerCase(Locale.ROOT).equals(lower)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    if (credentials instanceof SdkAutoCloseable) {
      ((SdkAutoCloseable) credentials).close();
    }
  }
}
