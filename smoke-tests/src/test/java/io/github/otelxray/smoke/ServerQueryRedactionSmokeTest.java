/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeCollector;
import io.github.otelxray.smoke.app.TomcatService;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same secret query sent to a servlet container and to the JDK's {@code HttpServer}: how much
 * of {@code url.query} is redacted depends on how the server's instrumentation wrote it. Tomcat's
 * is the query as sent, where every {@code &} separates, so only the secret's value goes; the JDK
 * server's is decoded, where an {@code &} after a secret may belong to it, so everything from the
 * secret on goes. Redaction is on by default and {@code token} is a default secret parameter.
 *
 * <p>Real: the agent, the extension, embedded Tomcat ({@link TomcatService}) and the JDK server
 * ({@link io.github.otelxray.smoke.app.SampleService}). Faked: the ADOT collector ({@link
 * FakeCollector}, OTLP protobuf), which cannot run here; what it receives is what it would turn
 * into X-Ray segments.
 */
class ServerQueryRedactionSmokeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SECRET = "t0psecret";
  private static final String QUERY = "?token=" + SECRET + "&page=2&sort=name";

  /** A fresh collector for each test, closed after it. */
  @AutoClose private final FakeCollector collector = FakeCollector.start();

  @Test
  void tomcatExportsTheQueryWithOnlyTheSecretValueRedacted(@TempDir Path tomcatBase) {
    try (ServiceProcess service =
        ServiceProcess.builder("catalog")
            .exportingTo(collector)
            .mainClass(TomcatService.class.getName())
            .classpath(SmokeEnvironment.servletContainer())
            .property("tomcat.base", tomcatBase.toString())
            .start()) {
      // The servlet answers with the query as Tomcat holds it: as sent.
      assertThat(service.get("/search" + QUERY).body().trim()).isEqualTo(QUERY.substring(1));
      ExportedSpan span = collector.awaitServerSpan("/search", WAIT);

      assertThat(span.attribute("url.query")).isEqualTo("token=REDACTED&page=2&sort=name");
      assertThat(collector.spans().toString()).doesNotContain(SECRET);
    }
  }

  @Test
  void jdkHttpServerExportsTheQueryCutFromTheSecretOn() {
    try (ServiceProcess service =
        ServiceProcess.builder("catalog-jdk").exportingTo(collector).start()) {
      assertThat(service.get("/hello/search" + QUERY).statusCode()).isEqualTo(200);
      ExportedSpan span = collector.awaitServerSpan("/hello/search", WAIT);

      assertThat(span.attribute("url.query")).isEqualTo("token=REDACTED");
      assertThat(collector.spans().toString()).doesNotContain(SECRET);
    }
  }
}
