package io.github.otelxray.smoke;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What every JVM a smoke test starts has in common: a clean environment, and a sure stop. */
final class ChildJvms {

  private ChildJvms() {}

  /**
   * Removes what the machine running the tests would otherwise hand the child: OpenTelemetry and
   * AWS settings, platform evidence (ECS, Kubernetes, a Lambda trace header) and JVM options, so a
   * test sees only what it sets itself.
   */
  static void scrub(Map<String, String> environment) {
    environment
        .keySet()
        .removeIf(
            name ->
                name.startsWith("OTEL_")
                    || name.startsWith("AWS_")
                    || name.startsWith("ECS_")
                    || name.startsWith("KUBERNETES_")
                    || name.startsWith("_X_AMZN")
                    || name.equals("JAVA_TOOL_OPTIONS")
                    || name.equals("_JAVA_OPTIONS")
                    || name.equals("JDK_JAVA_OPTIONS"));
  }

  /** Ends the process and anything it started: politely first, then forcibly after 10 s. */
  static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
