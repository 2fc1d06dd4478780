package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.fakes.ExportedSpan;
import io.github.otelxray.fakes.FakeCollector;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code AWS-XRAY-TRACE-ID} in application logs, end to end: a sample app ({@link
 * io.github.otelxray.smoke.app.logging.LoggingService}) logging through Logback or Log4j 2 runs
 * with the real agent jar and the built extension, and every assertion compares a line it printed
 * with the span the agent exported for the same request. Subclasses pick the logging library and
 * the JDK.
 *
 * <p>Each app logs through two appenders to stdout. One uses the pattern the README gives users,
 * verbatim, behind the library's asynchronous appender, so the id must come with the event and not
 * from whatever thread formats it. The other prints the agent's own {@code trace_id} and {@code
 * span_id} next to ours for the same event, so the two can be compared: ours must be present and
 * absent exactly when the agent's are.
 *
 * <p>Fakes: the ADOT collector ({@link FakeCollector}, real OTLP/HTTP protobuf), because it cannot
 * run here; the exported span ids are what the collector would turn into X-Ray segment ids. The
 * logging libraries are the real ones from Maven Central, configured through files this test
 * writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LogCorrelationSmokeTest {

  /** The Logback pattern the README gives; used verbatim. */
  static final String LOGBACK_PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg %X{AWS-XRAY-TRACE-ID}%n";

  /** The Log4j 2 pattern the README gives; used verbatim. */
  static final String LOG4J_PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} [%t] %-5level %logger{36} - %msg %X{AWS-XRAY-TRACE-ID}%n";

  private static final String KEY = "AWS-XRAY-TRACE-ID";

  /** The agent's keys and ours, for the same event, separated by '|'. */
  private static final String AGENT_KEYS_PREFIX = "agent-keys ";

  private static final Pattern XRAY_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}@[0-9a-f]{16}");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String WORKER = "request-worker";

  private FakeCollector collector;
  private ServiceProcess service;
  private Path configDir;

  /** The JDK the app runs on; empty skips the class. */
  abstract Optional<Path> javaHome();

  abstract String jdkName();

  /** The library the app logs through. */
  abstract Library library();

  enum Library {
    LOGBACK(
        "io.github.otelxray.smoke.app.logging.LogbackService",
        "logback.configurationFile",
        "logback.xml",
        List.of(
            "ch.qos.logback.classic.LoggerContext",
            "ch.qos.logback.core.Appender",
            "org.slf4j.LoggerFactory")),
    LOG4J(
        "io.github.otelxray.smoke.app.logging.Log4jService",
        "log4j2.configurationFile",
        "log4j2.xml",
        List.of("org.apache.logging.log4j.LogManager", "org.apache.logging.log4j.core.Logger")),
    /**
     * Log4j in garbage-free mode: reused events, and context data copied into each event's reusable
     * map, which the extension then writes in place. A stale id would survive in that map.
     */
    LOG4J_GARBAGE_FREE(
        LOG4J.mainClass,
        LOG4J.configProperty,
        LOG4J.configFileName,
        LOG4J.jarsOf,
        Map.of("log4j2.enableThreadlocals", "true", "log4j2.garbagefreeThreadContextMap", "true"));

    final String mainClass;
    final String configProperty;
    final String configFileName;
    final List<String> jarsOf;
    final Map<String, String> properties;

    Library(String mainClass, String configProperty, String configFileName, List<String> jarsOf) {
      this(mainClass, configProperty, configFileName, jarsOf, Map.of());
    }

    Library(
        String mainClass,
        String configProperty,
        String configFileName,
        List<String> jarsOf,
        Map<String, String> properties) {
      this.mainClass = mainClass;
      this.configProperty = configProperty;
      this.configFileName = configFileName;
      this.jarsOf = jarsOf;
      this.properties = properties;
    }

    String config() {
      return switch (this) {
        case LOGBACK ->
            """
            <configuration>
              <appender name="README" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%s</pattern></encoder>
              </appender>
              <appender name="ASYNC" class="ch.qos.logback.classic.AsyncAppender">
                <appender-ref ref="README"/>
              </appender>
              <appender name="AGENT_KEYS" class="ch.qos.logback.core.ConsoleAppender">
                <encoder>
                  <pattern>%s[%%thread] %%msg|%%X{trace_id}|%%X{span_id}|%%X{%s}%%n</pattern>
                </encoder>
              </appender>
              <root level="INFO">
                <appender-ref ref="ASYNC"/>
                <appender-ref ref="AGENT_KEYS"/>
              </root>
            </configuration>
            """
                .formatted(LOGBACK_PATTERN, AGENT_KEYS_PREFIX, KEY);
        case LOG4J, LOG4J_GARBAGE_FREE ->
            """
            <Configuration status="warn">
              <Appenders>
                <Console name="README" target="SYSTEM_OUT">
                  <PatternLayout pattern="%s"/>
                </Console>
                <Async name="ASYNC">
                  <AppenderRef ref="README"/>
                </Async>
                <Console name="AGENT_KEYS" target="SYSTEM_OUT">
                  <PatternLayout
                      pattern="%s[%%t] %%msg|%%X{trace_id}|%%X{span_id}|%%X{%s}%%n"/>
                </Console>
              </Appenders>
              <Loggers>
                <Root level="info">
                  <AppenderRef ref="ASYNC"/>
                  <AppenderRef ref="AGENT_KEYS"/>
                </Root>
              </Loggers>
            </Configuration>
            """
                .formatted(LOG4J_PATTERN, AGENT_KEYS_PREFIX, KEY);
      };
    }

    List<Path> jars() {
      return jarsOf.stream().map(Library::jarOf).distinct().toList();
    }

    /** The jar the test's own class path loads {@code className} from (Maven's local copy). */
    private static Path jarOf(String className) {
      try {
        return Path.of(
            Class.forName(className, false, LogCorrelationSmokeTest.class.getClassLoader())
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
      } catch (ClassNotFoundException | URISyntaxException e) {
        throw new IllegalStateException(className + " is not on the test class path", e);
      }
    }
  }

  /** One line of the README-pattern appender: the thread, the message and the id (or ""). */
  record ReadmeLine(String thread, String message, String id) {}

  /** One line of the agent-keys appender. */
  record AgentKeysLine(String thread, String message, String traceId, String spanId, String id) {}

  @BeforeAll
  void startService() throws IOException {
    Optional<Path> javaHome = javaHome();
    Assumptions.assumeTrue(
        javaHome.isPresent(), jdkName() + " not found on this machine: skipping its smoke tests");
    configDir = Files.createTempDirectory("log-correlation");
    Path config = configDir.resolve(library().configFileName);
    Files.writeString(config, library().config(), StandardCharsets.UTF_8);
    collector = FakeCollector.start();
    ServiceProcess.Builder builder =
        ServiceProcess.builder(serviceName())
            .javaHome(javaHome.get())
            .exportingTo(collector)
            .mainClass(library().mainClass)
            .classpath(library().jars())
            .property(library().configProperty, config.toString());
    library().properties.forEach(builder::property);
    service = builder.start();
  }

  @AfterAll
  void stopService() throws IOException {
    for (AutoCloseable closeable : new AutoCloseable[] {service, collector}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          // best effort: the process handle is killed either way
        }
      }
    }
    if (configDir != null) {
      try (Stream<Path> files = Files.walk(configDir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private String serviceName() {
    return "log-" + library().name().toLowerCase().replace('_', '-');
  }

  @Test
  void linesLoggedOutsideAnySpanCarryNoId() {
    ReadmeLine startup = awaitReadmeLine("startup");
    AgentKeysLine agent = awaitAgentKeysLine("startup");

    assertThat(startup.id()).isEmpty();
    assertThat(agent.traceId()).as("the agent's trace_id").isEmpty();
    assertThat(agent.id()).isEmpty();
  }

  @Test
  void requestLineCarriesTheIdsOfTheExportedServerSpan() {
    assertThat(service.get("/log/plain").statusCode()).isEqualTo(200);

    ExportedSpan server = awaitServerSpan("/log/plain");
    String expected = server.xrayTraceId() + "@" + server.spanId();
    assertThat(awaitReadmeLine("request /log/plain").id()).isEqualTo(expected);
    AgentKeysLine agent = awaitAgentKeysLine("request /log/plain");
    assertThat(agent.id()).isEqualTo(expected);
    assertThat(agent.traceId()).isEqualTo(server.traceId());
    assertThat(agent.spanId()).isEqualTo(server.spanId());
  }

  @Test
  void anIncomingXRayTraceIsPrintedAsXRayPrintsIt() {
    assertThat(
            service
                .get(
                    "/log/continued",
                    Map.of(
                        "X-Amzn-Trace-Id",
                        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;"
                            + "Sampled=1"))
                .statusCode())
        .isEqualTo(200);

    ExportedSpan server = awaitServerSpan("/log/continued");
    assertThat(server.traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
    assertThat(awaitReadmeLine("request /log/continued").id())
        .isEqualTo("1-5759e988-bd862e3fe1be46a994272793@" + server.spanId());
  }

  @Test
  void anUnsampledRequestIsStillCorrelatedAsTheAgentCorrelatesIt() {
    assertThat(
            service
                .get(
                    "/log/unsampled",
                    Map.of(
                        "X-Amzn-Trace-Id",
                        "Root=1-5759e988-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;"
                            + "Sampled=0"))
                .statusCode())
        .isEqualTo(200);

    AgentKeysLine agent = awaitAgentKeysLine("request /log/unsampled");
    assertThat(agent.traceId()).isEqualTo("5759e9880123456789abcdef01234567");
    assertThat(agent.id())
        .isEqualTo("1-5759e988-0123456789abcdef01234567@" + agent.spanId())
        .isEqualTo(awaitReadmeLine("request /log/unsampled").id());
  }

  @Test
  void aReusedThreadShowsNoIdAfterItsSpanEndedAndTheNextRequestsIdInTheNext() {
    assertThat(service.get("/log/first").statusCode()).isEqualTo(200);
    ExportedSpan first = awaitServerSpan("/log/first");
    // Same worker thread, its request done and its span ended: an id left in the thread's MDC
    // would be printed here.
    ReadmeLine idleAfterFirst = awaitReadmeLine("idle after /log/first");
    assertThat(service.get("/log/second").statusCode()).isEqualTo(200);
    ExportedSpan second = awaitServerSpan("/log/second");
    ReadmeLine idleAfterSecond = awaitReadmeLine("idle after /log/second");

    ReadmeLine firstRequest = awaitReadmeLine("request /log/first");
    ReadmeLine secondRequest = awaitReadmeLine("request /log/second");
    assertThat(List.of(firstRequest, idleAfterFirst, secondRequest, idleAfterSecond))
        .extracting(ReadmeLine::thread)
        .containsOnly(WORKER);
    assertThat(firstRequest.id()).isEqualTo(first.xrayTraceId() + "@" + first.spanId());
    assertThat(idleAfterFirst.id()).isEmpty();
    assertThat(awaitAgentKeysLine("idle after /log/first").traceId()).isEmpty();
    assertThat(secondRequest.id()).isEqualTo(second.xrayTraceId() + "@" + second.spanId());
    assertThat(second.traceId()).isNotEqualTo(first.traceId());
    assertThat(idleAfterSecond.id()).isEmpty();
  }

  @Test
  void theAgentReportsNoProblemWithTheExtensionsInstrumentation() {
    awaitReadmeLine("startup");
    String output = service.output();

    assertThat(output)
        .doesNotContain("mismatched references")
        .doesNotContain("Failed to inject")
        .doesNotContain("xray-logback-mdc")
        .doesNotContain("xray-log4j-context-data")
        .doesNotContain("io.github.otelxray.instrumentation");
    assertThat(collector.badRequests()).isEmpty();
  }

  private ExportedSpan awaitServerSpan(String path) {
    return collector
        .awaitSpans(all -> all.stream().anyMatch(s -> isServerSpan(s, path)), WAIT)
        .stream()
        .filter(s -> isServerSpan(s, path))
        .findFirst()
        .orElseThrow();
  }

  private boolean isServerSpan(ExportedSpan span, String path) {
    return span.isServer()
        && span.serviceName().equals(serviceName())
        && path.equals(span.attribute("url.path"));
  }

  /** Waits for the README-pattern line whose message is {@code message}. */
  private ReadmeLine awaitReadmeLine(String message) {
    return await(message, () -> findReadmeLine(message));
  }

  private AgentKeysLine awaitAgentKeysLine(String message) {
    return await(message, () -> findAgentKeysLine(message));
  }

  private Optional<ReadmeLine> findReadmeLine(String message) {
    for (String line : service.output().lines().toList()) {
      int dash = line.indexOf(" - ");
      int open = line.indexOf(" [");
      if (line.startsWith(AGENT_KEYS_PREFIX) || dash < 0 || open < 0 || open > dash) {
        continue;
      }
      String rest = line.substring(dash + 3);
      if (!rest.startsWith(message + " ")) {
        continue;
      }
      String id = rest.substring(message.length() + 1).trim();
      assertThat(id).as("id in: " + line).matches(XRAY_ID.pattern() + "|");
      String thread = line.substring(open + 2, line.indexOf(']', open));
      return Optional.of(new ReadmeLine(thread, message, id));
    }
    return Optional.empty();
  }

  private Optional<AgentKeysLine> findAgentKeysLine(String message) {
    for (String line : service.output().lines().toList()) {
      if (!line.startsWith(AGENT_KEYS_PREFIX + "[")) {
        continue;
      }
      int close = line.indexOf("] ");
      String[] fields = line.substring(close + 2).split("\\|", -1);
      if (fields.length == 4 && fields[0].equals(message)) {
        String thread = line.substring(AGENT_KEYS_PREFIX.length() + 1, close);
        return Optional.of(new AgentKeysLine(thread, message, fields[1], fields[2], fields[3]));
      }
    }
    return Optional.empty();
  }

  private <T> T await(String message, java.util.function.Supplier<Optional<T>> find) {
    AtomicReference<T> found = new AtomicReference<>();
    Waits.patiently()
        .untilAsserted(
            () -> {
              Optional<T> line = find.get();
              assertThat(line).as("line '%s' in:%n%s", message, service.output()).isPresent();
              found.set(line.get());
            });
    return found.get();
  }
}
