/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelxray.testing.LogCapture;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The exporter and the sampler each hold a signer (for their own regions, possibly); the chain
 * behind them is one, built at the first, closed with the last.
 */
class SharedCredentialsTest {

  private static final Logger LOGGER = Logger.getLogger(SharedCredentialsTest.class.getName());
  private static final URI OTLP = URI.create("https://xray.us-east-1.amazonaws.com/v1/traces");
  private static final URI RULES =
      URI.create("https://xray.eu-west-1.amazonaws.com/GetSamplingRules");

  @RegisterExtension final LogCapture logs = new LogCapture();

  /** The SDK chains built, in order, each counting its lookups and whether it was closed. */
  private final List<CountingChain> built = new ArrayList<>();

  private boolean chainsFindNoCredentials;

  private final SharedCredentials shared =
      new SharedCredentials(
          () -> {
            CountingChain chain = new CountingChain(chainsFindNoCredentials);
            built.add(chain);
            return new CredentialLookup(chain, Clock.systemUTC(), null, LOGGER);
          });

  private SdkRequestSigner signer(String region) {
    return new SdkRequestSigner("xray", region, shared.acquire(), Clock.systemUTC());
  }

  @Test
  void signersForTwoRegionsAskOneChain() throws Exception {
    SdkRequestSigner exporter = signer("us-east-1");
    SdkRequestSigner sampler = signer("eu-west-1");

    String exported =
        exporter.sign("POST", OTLP, new LinkedHashMap<>(), new byte[0]).get("Authorization");
    String polled =
        sampler.sign("POST", RULES, new LinkedHashMap<>(), new byte[0]).get("Authorization");

    // Both asked the one chain, whose cache (the SDK's) makes that one call to an endpoint.
    assertThat(built).hasSize(1);
    assertThat(built.get(0).lookups).hasValue(2);
    assertThat(exported).contains("Credential=AKIDCHAIN0/").contains("/us-east-1/xray/");
    assertThat(polled).contains("Credential=AKIDCHAIN0/").contains("/eu-west-1/xray/");
  }

  @Test
  void closesTheChainOnlyWhenTheLastSignerIsClosed() {
    SdkRequestSigner exporter = signer("us-east-1");
    SdkRequestSigner sampler = signer("us-east-1");

    exporter.close();
    exporter.close(); // a second close releases nothing more
    assertThat(built.get(0).closed).isFalse();

    sampler.close();
    assertThat(built.get(0).closed).isTrue();
  }

  @Test
  void buildsANewChainForASignerTakenAfterAllWereClosed() throws Exception {
    signer("us-east-1").close();

    SdkRequestSigner again = signer("us-east-1");
    again.sign("POST", OTLP, new LinkedHashMap<>(), new byte[0]);

    assertThat(built).hasSize(2);
    assertThat(built.get(0).closed).isTrue();
    assertThat(built.get(1).closed).isFalse();
    assertThat(built.get(1).lookups).hasValue(1);
  }

  @Test
  void aSignerClosedRefusesToSignWithoutAskingTheChain() {
    SdkRequestSigner kept = signer("us-east-1");
    SdkRequestSigner closed = signer("us-east-1");
    closed.close();

    assertThatThrownBy(() -> closed.sign("POST", OTLP, new LinkedHashMap<>(), new byte[0]))
        .isInstanceOf(SigningException.class)
        .hasMessage("signing was shut down");
    assertThat(built.get(0).lookups).hasValue(0);
    kept.close();
  }

  @Test
  void aFailureIsLookedUpOnceAndSaidOnceForBothSigners() {
    chainsFindNoCredentials = true;
    SdkRequestSigner exporter = signer("us-east-1");
    SdkRequestSigner sampler = signer("eu-west-1");

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> exporter.sign("POST", OTLP, new LinkedHashMap<>(), new byte[0]))
          .isInstanceOfSatisfying(SigningException.class, e -> assertThat(e.reported()).isTrue());
      assertThatThrownBy(() -> sampler.sign("POST", RULES, new LinkedHashMap<>(), new byte[0]))
          .isInstanceOfSatisfying(SigningException.class, e -> assertThat(e.reported()).isTrue());
    }

    assertThat(built.get(0).lookups).hasValue(1);
    assertThat(logs.messages(Level.WARNING))
        .singleElement()
        .asString()
        .startsWith("AWS credentials for X-Ray: no AWS credentials found")
        .contains("Until then nothing is sent to X-Ray");
  }

  /** An SDK credential chain that answers one key, or never finds any. */
  private static final class CountingChain implements AwsCredentialsProvider, SdkAutoCloseable {
    final AtomicInteger lookups = new AtomicInteger();
    final boolean failing;
    volatile boolean closed;

    CountingChain(boolean failing) {
      this.failing = failing;
    }

    @Override
    public AwsCredentials resolveCredentials() {
      lookups.incrementAndGet();
      if (failing) {
        throw SdkClientException.create("Unable to load credentials from any of the providers");
      }
      return AwsBasicCredentials.create("AKIDCHAIN0", "secret/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
