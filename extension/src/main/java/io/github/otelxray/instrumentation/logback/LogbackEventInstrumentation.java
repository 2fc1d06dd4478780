/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.logback;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code getMDCPropertyMap()} and its alias {@code getMdc()} of every {@code ILoggingEvent}: what
 * {@code %X}, JSON encoders and serialising appenders read; and {@code
 * prepareForDeferredProcessing()}, where an event leaves for another thread. The agent's advice on
 * the same methods adds {@code trace_id} and friends; each advice copies the map it receives and
 * adds its own keys, so the two compose in either order.
 */
final class LogbackEventInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(LogbackTraceIdInstrumentationModule.LOGGING_EVENT);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return implementsInterface(named(LogbackTraceIdInstrumentationModule.LOGGING_EVENT))
        .and(not(isInterface()));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isMethod()
            .and(isPublic())
            .and(not(isAbstract()))
            .and(namedOneOf("getMDCPropertyMap", "getMdc"))
            .and(takesArguments(0))
            .and(returns(named("java.util.Map"))),
        LogbackEventInstrumentation.class.getName() + "$MdcAdvice");
    transformer.applyAdviceToMethod(
        isMethod()
            .and(isPublic())
            .and(not(isAbstract()))
            .and(named("prepareForDeferredProcessing"))
            .and(takesArguments(0)),
        LogbackEventInstrumentation.class.getName() + "$DeferAdvice");
  }

  /**
   * Inlined into every event class: the event is about to be handed to another thread (Logback's
   * {@code AsyncAppender} calls this first), so its id must outlive the dispatch.
   */
  @SuppressWarnings("unused")
  public static final class DeferAdvice {
    private DeferAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(@Advice.This Object event) {
      LogbackTraceIds.deferring(event);
    }
  }

  /** Inlined into every event class: replaces the returned map, never throws into Logback. */
  @SuppressWarnings("unused")
  public static final class MdcAdvice {
    private MdcAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(
        @Advice.This Object event,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC)
            Map<String, String> mdc) {
      mdc = LogbackTraceIds.withTraceId(event, mdc);
    }
  }
}
