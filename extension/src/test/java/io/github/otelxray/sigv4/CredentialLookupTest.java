/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelxray.testing.LogCapture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

class CredentialLookupTest {

  private static final Logger LOGGER = Logger.getLogger(CredentialLookupTest.class.getName());
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  @RegisterExtension final LogCapture logs = new LogCapture();

  private final AtomicLong now =
      new AtomicLong(Instant.parse("2026-12-03T12:00:00Z").toEpochMilli());
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }
      };

  private CredentialLookup lookup(AwsCredentialsProvider provider) {
    return lookup(provider, null);
  }

  private CredentialLookup lookup(AwsCredentialsProvider provider, String webIdentityRole) {
    return new CredentialLookup(provider, clock, webIdentityRole, LOGGER);
  }

  @Test
  void saysWhatToFixWhenNoCredentialsCanBeFound() {
    AwsCredentialsProvider none =
        () -> {
          throw SdkClientException.create("Unable to load credentials from any of the providers");
        };

    assertThatThrownBy(() -> lookup(none).resolve())
        .isInstanceOf(SigningException.class)
        .hasMessageStartingWith("no AWS credentials found")
        .hasMessageContaining("IAM role");
  }

  @Test
  void warnsOnceWithWhatTheFailureCostsAndTellsCallersItHasSpoken() {
    AwsCredentialsProvider none =
        () -> {
          throw SdkClientException.create("Unable to load credentials");
        };
    CredentialLookup lookup = lookup(none);

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(lookup::resolve)
          .isInstanceOfSatisfying(SigningException.class, e -> assertThat(e.reported()).isTrue());
      now.addAndGet(CredentialLookup.MAX_PAUSE_MILLIS);
    }

    assertThat(logs.messages(Level.WARNING))
        .singleElement()
        .asString()
        .startsWith("AWS credentials for X-Ray: no AWS credentials found")
        .endsWith(
            "Until then nothing is sent to X-Ray: spans exported to it are dropped, and X-Ray"
                + " sampling keeps the rules it has.");
  }

  @Test
  void saysOnceWhenCredentialsAreFoundAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AwsCredentialsProvider firstMissing =
        () -> {
          if (calls.incrementAndGet() == 1) {
            throw SdkClientException.create("Unable to load credentials");
          }
          return AwsBasicCredentials.create("AKIDEXAMPLE", SECRET_KEY);
        };
    CredentialLookup lookup = lookup(firstMissing);
    assertThatThrownBy(lookup::resolve).isInstanceOf(SigningException.class);
    now.addAndGet(CredentialLookup.FIRST_PAUSE_MILLIS);

    lookup.resolve();
    lookup.resolve();

    assertThat(logs.messages(Level.INFO))
        .containsExactly("AWS credentials found: requests to X-Ray are signed again.");
  }

  @Test
  void asksTheChainAgainOnlyAfterAPauseThatDoublesAfterEachFailure() {
    AtomicInteger lookups = new AtomicInteger();
    AwsCredentialsProvider failing =
        () -> {
          lookups.incrementAndGet();
          throw SdkClientException.create("Unable to load credentials");
        };
    CredentialLookup lookup = lookup(failing);

    for (int i = 0; i < 50; i++) {
      assertThatThrownBy(lookup::resolve).isInstanceOf(SigningException.class);
    }
    assertThat(lookups).hasValue(1);
    now.addAndGet(CredentialLookup.FIRST_PAUSE_MILLIS);
    assertThatThrownBy(lookup::resolve).hasMessageContaining("looked up again in 20 s");
    now.addAndGet(CredentialLookup.FIRST_PAUSE_MILLIS);
    assertThatThrownBy(lookup::resolve).isInstanceOf(SigningException.class);
    assertThat(lookups).hasValue(2);
  }

  @Test
  void namesStsRefusalOfAWebIdentityTokenInsteadOfNoCredentials() {
    AwsCredentialsProvider refused =
        () -> {
          throw SdkClientException.create(
              "Unable to load credentials from any of the providers in the chain:"
                  + " [WebIdentityTokenCredentialsProvider(): the token or role is not the one"
                  + " (Service: Sts, Status Code: 400, Request ID: 1) InvalidIdentityToken]");
        };
    CredentialLookup lookup = lookup(refused, "arn:aws:iam::123456789012:role/orders");

    assertThatThrownBy(lookup::resolve)
        .isInstanceOf(SigningException.class)
        .hasMessageStartingWith("the web identity token")
        .hasMessageContaining("role arn:aws:iam::123456789012:role/orders")
        .hasMessageContaining("STS refused the token (InvalidIdentityToken (HTTP 400)")
        .hasMessageContaining("(STS said: the token or role is not the one)")
        .hasMessageNotContaining("no AWS credentials found");
  }

  @Test
  void refusesCredentialsThatHaveExpired() {
    AwsCredentialsProvider expired =
        StaticCredentialsProvider.create(
            AwsSessionCredentials.builder()
                .accessKeyId("AKIDEXAMPLE")
                .secretAccessKey(SECRET_KEY)
                .sessionToken("token")
                .expirationTime(Instant.parse("2015-08-30T12:00:00Z"))
                .build());

    assertThatThrownBy(() -> lookup(expired).resolve())
        .isInstanceOf(SigningException.class)
        .hasMessageContaining("expired at 2015-08-30T12:00:00Z")
        .hasMessageNotContaining(SECRET_KEY)
        .hasMessageNotContaining("token");
    assertThat(logs.messages(Level.WARNING)).singleElement().asString().contains("expired at");
  }
}
