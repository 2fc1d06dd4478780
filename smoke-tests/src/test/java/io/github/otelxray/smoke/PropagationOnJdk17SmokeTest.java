package io.github.otelxray.smoke;

import java.nio.file.Path;
import java.util.Optional;

/** {@link PropagationSmokeTest} with the services on JDK 17. */
class PropagationOnJdk17SmokeTest extends PropagationSmokeTest {
  @Override
  Optional<Path> javaHome() {
    return SmokeEnvironment.jdk17();
  }

  @Override
  String jdkName() {
    return "JDK 17";
  }
}
