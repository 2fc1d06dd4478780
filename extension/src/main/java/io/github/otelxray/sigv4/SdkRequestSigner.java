/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@link RequestSigner} through the AWS SDK's own SigV4 signer, with the process's shared
 * credentials ({@link SharedCredentials}): one signer per target region, one chain for all.
 */
final class SdkRequestSigner implements RequestSigner {

  private final String service;
  private final String region;
  private final SharedCredentials.Lease credentials;
  private final Clock clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  SdkRequestSigner(
      String service, String region, SharedCredentials.Lease credentials, Clock clock) {
    this.service = service;
    this.region = region;
    this.credentials = credentials;
    this.clock = clock;
  }

  @Override
  public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body)
      throws SigningException {
    AwsCredentialsIdentity identity = credentials.resolve();
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

  private static boolean containsIgnoringCase(Map<String, String> headers, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String key : headers.keySet()) {
      if (key.toLowerCase(Locale.ROOT).equals(lower)) {
        return true;
      }
    }
    return false;
  }

  /** Releases this signer's hold on the shared credentials; the last one closes them. */
  @Override
  public void close() {
    credentials.close();
  }
}
