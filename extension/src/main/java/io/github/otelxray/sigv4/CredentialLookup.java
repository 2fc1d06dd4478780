/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import io.github.otelxray.logging.FaultLog;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Credentials from one AWS SDK credential provider, for every signer that shares it: after a failed
 * lookup the provider is asked again only after a pause (each lookup may call STS or a credentials
 * endpoint, and exports come every few seconds), and each cause of failure is said once, here, for
 * all of them; one INFO line when credentials are found again.
 */
final class CredentialLookup {

  private static final Logger LOGGER = Logger.getLogger(CredentialLookup.class.getName());

  static final long FIRST_PAUSE_MILLIS = 10_000;
  static final long MAX_PAUSE_MILLIS = 300_000;

  private final AwsCredentialsProvider provider;
  private final Clock clock;
  private final String webIdentityRole; // AWS_ROLE_ARN when a web identity token is configured
  private final FaultLog faults;

  private SigningException failure; // guarded by this
  private long retryAtMillis; // guarded by this
  private long pauseMillis = FIRST_PAUSE_MILLIS; // guarded by this

  CredentialLookup(
      AwsCredentialsProvider provider, Clock clock, String webIdentityRole, Logger logger) {
    this.provider = provider;
    this.clock = clock;
    this.webIdentityRole = webIdentityRole;
    this.faults =
        new FaultLog(logger, "AWS credentials found: requests to X-Ray are signed again.");
  }

  /**
   * The SDK's default chain: environment, system properties, web identity token, profile files,
   * container credentials (ECS task role, EKS Pod Identity) and, last, the EC2 instance profile.
   */
  static CredentialLookup defaultChain() {
    return new CredentialLookup(
        // No background refresh thread: the SDK refreshes before expiry in the calling thread,
        // which is always ours (export, sampler poller) and runs with instrumentation suppressed,
        // so the credential endpoint's calls never show up as spans of their own.
        DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(false).build(),
        Clock.systemUTC(),
        WebIdentityFailure.configuredRole(System.getenv(), System::getProperty),
        LOGGER);
  }

  /**
   * Credentials usable now.
   *
   * @throws SigningException when there are none; already said in the log ({@link
   *     SigningException#reported()}), so the caller adds no warning of its own
   */
  synchronized AwsCredentialsIdentity resolve() throws SigningException {
    long now = clock.millis();
    if (failure != null && now < retryAtMillis) {
      throw failure;
    }
    AwsCredentialsIdentity identity;
    try {
      identity = provider.resolveCredentials();
    } catch (RuntimeException e) {
      String cause = lookupFailure(e);
      failure = new SigningException(cause + retryNote(), true);
      retryAtMillis = now + pauseMillis;
      pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
      faults.fault(cause, warning(failure.getMessage()));
      throw failure;
    }
    failure = null;
    pauseMillis = FIRST_PAUSE_MILLIS;
    Instant expiry = identity.expirationTime().orElse(null);
    if (expiry != null && !expiry.isAfter(clock.instant())) {
      String expired =
          "the AWS credentials expired at "
              + expiry
              + " and no fresh ones could be found: renew the credentials the process is given"
              + " (static session credentials in the environment cannot be refreshed)";
      faults.fault("expired", warning(expired));
      throw new SigningException(expired, true);
    }
    faults.success();
    return identity;
  }

  /**
   * What the users lose is said in general: the exporter and the sampler may take their leases
   * after the first lookup (the sampler polls as soon as it exists), and the cause is said once.
   */
  private static String warning(String problem) {
    return "AWS credentials for X-Ray: "
        + problem
        + ". Until then nothing is sent to X-Ray: spans exported to it are dropped, and X-Ray"
        + " sampling keeps the rules it has.";
  }

  private String lookupFailure(RuntimeException e) {
    if (webIdentityRole != null) {
      return WebIdentityFailure.describe(webIdentityRole, e);
    }
    // The SDK's message lists every source it tried; it is long, so we say it shorter, and
    // quote nothing the chain read.
    return "no AWS credentials found (tried AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the system"
        + " properties aws.accessKeyId/aws.secretAccessKey, AWS_WEB_IDENTITY_TOKEN_FILE,"
        + " the profile files, the container credentials endpoint and the EC2 instance"
        + " profile): give the task, pod or instance an IAM role, or set the variables";
  }

  private String retryNote() {
    return " (looked up again in " + pauseMillis / 1000 + " s at the earliest)";
  }

  /** Releases the provider's resources (its HTTP clients, cached credentials). */
  void close() {
    if (provider instanceof SdkAutoCloseable) {
      ((SdkAutoCloseable) provider).close();
    }
  }
}
