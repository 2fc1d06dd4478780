package io.github.otelxray.smoke;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link LogCorrelationSmokeTest} with the app logging through Log4j 2 in garbage-free mode on JDK
 * 25 ({@code JDK25_HOME}, else Temurin's usual folder); skipped with a message where no JDK 25 is
 * installed. See {@link LogCorrelationLog4jGarbageFreeOnJdk17SmokeTest} for why this mode matters.
 */
class LogCorrelationLog4jGarbageFreeOnJdk25SmokeTest extends LogCorrelationSmokeTest {
  @Override
  Optional<Path> javaHome() {
    return SmokeEnvironment.jdk25();
  }

  @Override
  String jdkName() {
    return "JDK 25";
  }

  @Override
  Library library() {
    return Library.LOG4J_GARBAGE_FREE;
  }
}
