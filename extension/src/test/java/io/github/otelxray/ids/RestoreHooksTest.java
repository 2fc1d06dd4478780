/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.ids;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.crac.Core;
import io.github.otelxray.testing.LogCapture;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestoreHooksTest {

  @RegisterExtension final LogCapture logs = new LogCapture();

  private static final ClassLoader SYSTEM = ClassLoader.getSystemClassLoader();

  @Test
  void lambdasRuntimeRunsTheActionAfterASnapStartRestore() throws Exception {
    AtomicInteger restores = new AtomicInteger();

    assertThat(
            RestoreHooks.register(
                restores::incrementAndGet,
                Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"),
                SYSTEM))
        .contains(RestoreHooks.LAMBDA_CRAC);
    assertThat(restores).hasValue(0);
    // What the runtime interface client calls once restored (AWSLambda.onInitComplete). Its
    // beforeCheckpoint needs the client's native library, loaded only by a running client.
    Core.getGlobalContext().afterRestore(null);

    assertThat(restores).hasValue(1);
    assertThat(logs.records()).isEmpty();
  }

  @Test
  void registersWithLambdasRuntimeOnlyWhenItInitialisesForSnapStart() {
    assertThat(
            RestoreHooks.register(
                () -> {}, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"), SYSTEM))
        .doesNotContain(RestoreHooks.LAMBDA_CRAC);
    assertThat(RestoreHooks.register(() -> {}, Map.of(), SYSTEM))
        .doesNotContain(RestoreHooks.LAMBDA_CRAC);
  }

  @Test
  void anAbsentApiIsSkippedSilently() {
    assertThat(RestoreHooks.registerWith("io.github.otelxray.ids.nocrac", () -> {}, SYSTEM))
        .isFalse();
    assertThat(logs.records()).isEmpty();
  }

  @Test
  void anApiOfAnotherShapeGivesOneWarningAndNoException() {
    assertThat(RestoreHooks.registerWith("io.github.otelxray.ids.brokencrac", () -> {}, SYSTEM))
        .isFalse();

    assertThat(logs.messages(Level.WARNING))
        .singleElement()
        .asString()
        .contains("io.github.otelxray.ids.brokencrac", "may repeat");
  }
}
