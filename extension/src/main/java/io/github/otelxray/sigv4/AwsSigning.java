/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import java.time.Clock;

/**
 * The one door to the AWS SDK. Nothing of the SDK (a few MB of classes, and a credential chain that
 * reads files and may call endpoints) is loaded until a caller that has decided to sign calls
 * {@link #signer}: {@link SdkRequestSigner} is named only inside that method's body, so a service
 * that never signs never loads it.
 */
public final class AwsSigning {

  private AwsSigning() {}

  /**
   * A signer for {@code target} with the credentials of the AWS SDK's default chain: environment,
   * system properties, web identity token, profile files, container credentials (ECS task role, EKS
   * Pod Identity) and, last, the EC2 instance profile. One chain serves every signer of the process
   * (the exporter's and the sampler's, whatever their regions): one lookup, one refresh and one
   * warning per cause for all. Credentials are resolved when first needed and refreshed before they
   * expire, both in the caller's thread (the export or sampler thread, never the application's,
   * with instrumentation suppressed): no background thread of the SDK's runs. Close the signer when
   * done with it; the chain is closed with the last one.
   */
  public static RequestSigner signer(SigningTarget target) {
    return new SdkRequestSigner(
        SigningTarget.SERVICE,
        target.region(),
        SharedCredentials.PROCESS.acquire(),
        Clock.systemUTC());
  }
}
