/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.log4j;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static java.util.Collections.singletonList;

import com.google.auto.service.AutoService;
import io.github.otelxray.instrumentation.XRayLogTraceId;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code AWS-XRAY-TRACE-ID} in Log4j 2's context data ({@code %X{AWS-XRAY-TRACE-ID}}, JSON
 * layouts), added where Log4j fills a new event's context data: on return from every {@code
 * ContextDataInjector.injectContextData}, on the logging thread, before any appender (synchronous
 * or asynchronous, or an async logger's ring buffer) sees the event. That is the moment the agent
 * adds {@code trace_id}: through a wrapping injector on 2.7 to 2.16, through a {@code
 * ContextDataProvider} consulted by the same method on 2.17 and later. The {@code ThreadContext} is
 * never written.
 *
 * <p>Muzzle: without the agent's generated reference checks, the module applies only where the
 * Log4j 2.7+ types it relies on exist (the class loader matcher); the advice names no Log4j type
 * and the helper binds to Log4j by name, doing nothing if the binding fails. Applications without
 * Log4j 2 (or with 2.0 to 2.6, which have no injector) are not touched. Run against 2.7, 2.16
 * (where the agent wraps the injector) and 2.25 (where it adds a provider).
 *
 * <p>Switched off with {@code otel.instrumentation.xray-log4j-context-data.enabled=false}, with
 * {@code otel.instrumentation.xray-log-correlation.enabled=false} (Logback and Log4j 2), or along
 * with the agent's own keys by {@code otel.instrumentation.log4j-context-data.enabled=false},
 * unless one of ours is set to true.
 */
@AutoService(InstrumentationModule.class)
public class Log4jTraceIdInstrumentationModule extends InstrumentationModule {

  static final String CONTEXT_DATA_INJECTOR = "org.apache.logging.log4j.core.ContextDataInjector";

  public Log4jTraceIdInstrumentationModule() {
    super("xray-log4j-context-data", "xray-log-correlation", "log4j-context-data");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed(
        CONTEXT_DATA_INJECTOR,
        Log4jContextData.STRING_MAP,
        Log4jContextData.SORTED_ARRAY_STRING_MAP);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return singletonList(new ContextDataInjectorInstrumentation());
  }

  /** Injected into Log4j's class loader; without muzzle they have to be listed by hand. */
  @Override
  public List<String> getAdditionalHelperClassNames() {
    return Arrays.asList(XRayLogTraceId.class.getName(), Log4jContextData.class.getName());
  }
}
