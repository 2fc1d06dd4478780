/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.logback;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ch.qos.logback.core.OutputStreamAppender.subAppend(E)}, the write of every console and
 * file appender: it calls {@code prepareForDeferredProcessing()} on each event although it writes
 * the event on the thread that logged it. Marking the write lets the deferral advice tell this from
 * a real hand-over to another thread, so synchronous logging stores nothing per event.
 */
final class OutputStreamAppenderInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(LogbackTraceIdInstrumentationModule.OUTPUT_STREAM_APPENDER);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isMethod().and(named("subAppend")).and(takesArguments(1)),
        OutputStreamAppenderInstrumentation.class.getName() + "$WriteAdvice");
  }

  /** Inlined into Logback core: plain static calls on {@code Object}s, nothing else. */
  @SuppressWarnings("unused")
  public static final class WriteAdvice {
    private WriteAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object onEnter(@Advice.Argument(0) Object event) {
      return LogbackTraceIds.writingInPlace(event);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(@Advice.Enter Object dispatch) {
      LogbackTraceIds.wroteInPlace(dispatch);
    }
  }
}
