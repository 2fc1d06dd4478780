/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.logback;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import com.google.auto.service.AutoService;
import io.github.otelxray.instrumentation.XRayLogTraceId;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code AWS-XRAY-TRACE-ID} in Logback's MDC ({@code %X{AWS-XRAY-TRACE-ID}}), the way the agent's
 * {@code logback-mdc} instrumentation adds {@code trace_id}: the span is captured when {@code
 * Logger.callAppenders} receives the event (and kept past it only if the event is handed to another
 * thread), and every read of the event's MDC property map returns the map with our key added, as a
 * view. The thread's MDC is never written.
 *
 * <p>Muzzle: an extension built without the agent's Gradle plugin has no generated reference
 * checks, so the module applies only where the two Logback types it hooks exist (the class loader
 * matcher), the advice names no Logback type (events are {@code Object}, the MDC a {@code Map}),
 * and the helpers name only the JDK and the OpenTelemetry API. Applications without Logback are not
 * touched. The hooked methods have kept their signatures through Logback 1.x (run against 1.2,
 * whose classes are Java 6 bytecode, and 1.5).
 *
 * <p>Switched off with {@code otel.instrumentation.xray-logback-mdc.enabled=false}, with {@code
 * otel.instrumentation.xray-log-correlation.enabled=false} (Logback and Log4j 2), or along with the
 * agent's own keys by {@code otel.instrumentation.logback-mdc.enabled=false}, unless one of ours is
 * set to true.
 */
@AutoService(InstrumentationModule.class)
public class LogbackTraceIdInstrumentationModule extends InstrumentationModule {

  static final String LOGGER = "ch.qos.logback.classic.Logger";
  static final String LOGGING_EVENT = "ch.qos.logback.classic.spi.ILoggingEvent";
  static final String OUTPUT_STREAM_APPENDER = "ch.qos.logback.core.OutputStreamAppender";

  /**
   * Before the agent's modules (order 0): the agent installs modules by ascending order, and advice
   * installed earlier wraps advice installed later. So our {@code callAppenders} capture runs
   * before the agent's Logback appender reads the event's MDC (it does so even with the logs
   * exporter {@code none}), and our MDC advice runs after the agent's {@code logback-mdc} advice,
   * on the map that advice copied: our view wraps that copy instead of being copied into it.
   */
  static final int ORDER = -1;

  public LogbackTraceIdInstrumentationModule() {
    super("xray-logback-mdc", "xray-log-correlation", "logback-mdc");
  }

  @Override
  public int order() {
    return ORDER;
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed(LOGGER, LOGGING_EVENT);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new LogbackLoggerInstrumentation(),
        new LogbackEventInstrumentation(),
        new OutputStreamAppenderInstrumentation());
  }

  /** Injected into Logback's class loader; without muzzle they have to be listed by hand. */
  @Override
  public List<String> getAdditionalHelperClassNames() {
    String table = WeakIdentityTable.class.getName();
    String view = MdcWithTraceId.class.getName();
    return Arrays.asList(
        XRayLogTraceId.class.getName(),
        table,
        table + "$Segment",
        table + "$Entry",
        view,
        view + "$Entries",
        view + "$EntryIterator",
        LogbackTraceIds.class.getName(),
        LogbackTraceIds.class.getName() + "$Dispatch");
  }
}
