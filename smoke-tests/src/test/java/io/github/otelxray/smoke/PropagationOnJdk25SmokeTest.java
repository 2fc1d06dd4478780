package io.github.otelxray.smoke;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link PropagationSmokeTest} with the services on JDK 25 ({@code JDK25_HOME}, else Temurin's
 * usual folder); skipped with a message where no JDK 25 is installed.
 */
class PropagationOnJdk25SmokeTest extends PropagationSmokeTest {
  @Override
  Optional<Path> javaHome() {
    return SmokeEnvironment.jdk25();
  }

  @Override
  String jdkName() {
    return "JDK 25";
  }
}
