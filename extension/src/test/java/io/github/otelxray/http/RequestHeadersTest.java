/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

  @Test
  void takesVisibleLatin1AndSpacesInValues() throws Exception {
    RequestHeaders.check(
        Collections.singletonMap("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/x, é"));
    assertThat(RequestHeaders.sendable("", true)).isTrue();
  }

  @Test
  void refusesControlCharactersAndWhatLatin1CannotHoldInValues() {
    for (String bad : new String[] {"a\nb", "a\rb", "a\tb", "a\u001bb", "a\u007fb", "a\u2713b"}) {
      assertThat(RequestHeaders.sendable(bad, true)).as(bad).isFalse();
    }
    assertThat(RequestHeaders.sendable(null, true)).isFalse();
  }

  @Test
  void refusesEmptyNamesAndNamesWithSpacesOrColons() {
    assertThat(RequestHeaders.sendable("", false)).isFalse();
    assertThat(RequestHeaders.sendable("X Token", false)).isFalse();
    assertThat(RequestHeaders.sendable("X:Token", false)).isFalse();
    assertThat(RequestHeaders.sendable("X-Amz-Security-Token", false)).isTrue();
  }

  @Test
  void namesTheHeaderButNeverItsValue() {
    assertThatThrownBy(
            () ->
                RequestHeaders.check(
                    Collections.singletonMap("X-Amz-Security-Token", "FwoG\tsecret-value")))
        .isInstanceOf(HttpCallException.class)
        .hasMessageContaining("X-Amz-Security-Token")
        .hasMessageNotContaining("secret-value")
        .hasMessageNotContaining("FwoG");
  }
}
