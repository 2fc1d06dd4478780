package io.github.otelxray.smoke;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link LogCorrelationSmokeTest} with the app logging through Log4j 2 in garbage-free mode ({@code
 * log4j2.enableThreadlocals}, {@code log4j2.garbagefreeThreadContextMap}) on JDK 17: each thread
 * reuses one event and one context data map, the case where an id written in place could go stale.
 */
class LogCorrelationLog4jGarbageFreeOnJdk17SmokeTest extends LogCorrelationSmokeTest {
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
    return Library.LOG4J_GARBAGE_FREE;
  }
}
