/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.logback;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ch.qos.logback.classic.Logger.callAppenders(ILoggingEvent)}: every event passes here on
 * the thread that logged it, right after it was built and before any appender (synchronous or not)
 * sees it. The agent captures its context at the same place.
 */
final class LogbackLoggerInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(LogbackTraceIdInstrumentationModule.LOGGER);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isMethod()
            .and(isPublic())
            .and(named("callAppenders"))
            .and(takesArguments(1))
            .and(takesArgument(0, named(LogbackTraceIdInstrumentationModule.LOGGING_EVENT))),
        LogbackLoggerInstrumentation.class.getName() + "$CaptureAdvice");
  }

  /** Inlined into Logback (Java 6 bytecode in 1.2): plain static calls, nothing else. */
  @SuppressWarnings("unused")
  public static final class CaptureAdvice {
    private CaptureAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) Object event) {
      return LogbackTraceIds.dispatching(event);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object previous) {
      LogbackTraceIds.dispatched(previous);
    }
  }
}
