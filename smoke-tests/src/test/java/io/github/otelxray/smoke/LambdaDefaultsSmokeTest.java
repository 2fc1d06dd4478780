/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import java.util.List;
import java.util.Map;

/** {@link LambdaSmokeTest} with nothing configured but the exporter. */
class LambdaDefaultsSmokeTest extends LambdaSmokeTest {
  @Override
  Map<String, String> properties() {
    return Map.of();
  }

  @Override
  List<String> jvmFlags() {
    return List.of();
  }
}
