/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link LambdaSmokeTest} with the Lambda profile of collector-config/lambda/README.md ("The Lambda
 * profile"), the one benchmarks/coldstart measures: only the instrumentations a typical function
 * needs, and the JIT stopped at C1; and initialised as for SnapStart ({@code
 * AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}), so the runtime client runs its checkpoint and
 * restore hooks, the extension's id generator's among them, before the first invocation (no
 * snapshot is taken here: that needs Lambda).
 */
class LambdaProfileSmokeTest extends LambdaSmokeTest {

  @Override
  Map<String, String> environment() {
    return Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
  }

  @Test
  void theRuntimeWentThroughSnapStartsRestoreBeforeTheFirstInvocation() {
    List<String> requests = runtimeApiRequests();

    assertThat(requests).contains("GET /2018-06-01/runtime/restore/next");
    assertThat(requests.indexOf("GET /2018-06-01/runtime/restore/next"))
        .isLessThan(requests.indexOf("GET /2018-06-01/runtime/invocation/next"));
  }

  @Override
  Map<String, String> properties() {
    Map<String, String> profile = new LinkedHashMap<>();
    profile.put("otel.instrumentation.common.default-enabled", "false");
    for (String enabled :
        List.of(
            "aws-lambda",
            "aws-sdk",
            "http-url-connection",
            "java-http-client",
            "apache-httpclient",
            "okhttp",
            "opentelemetry-api",
            "opentelemetry-instrumentation-annotations",
            "executors")) {
      profile.put("otel.instrumentation." + enabled + ".enabled", "true");
    }
    return profile;
  }

  @Override
  List<String> jvmFlags() {
    return List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
  }
}
