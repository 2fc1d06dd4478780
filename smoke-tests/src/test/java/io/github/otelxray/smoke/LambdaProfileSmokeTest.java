package io.github.otelxray.smoke;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LambdaSmokeTest} with the Lambda profile of collector-config/lambda/README.md ("The Lambda
 * profile"), the one benchmarks/coldstart measures: only the instrumentations a typical function
 * needs, and the JIT stopped at C1.
 */
class LambdaProfileSmokeTest extends LambdaSmokeTest {
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
