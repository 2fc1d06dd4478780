package io.github.otelxray.smoke;

import java.nio.file.Path;
import java.util.Optional;

/** {@link LogCorrelationSmokeTest} with the app logging through Log4j 2 on JDK 17. */
class LogCorrelationLog4jOnJdk17SmokeTest extends LogCorrelationSmokeTest {
  @Override
  Optional<Path> javaHome() {
    return SmokeEnvironment.jdk17();
  }

  @Override
  String jdkName() {
    return "JDK 17";
  }

  @Override
  Library library() {
    return Library.LOG4J;
  }
}
