/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation.log4j;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code StringMap injectContextData(List<Property>, StringMap reusable)} of every {@code
 * ContextDataInjector}: Log4j's own three, a custom one named by {@code
 * log4j2.contextDataInjector}, and any wrapper around them (where the inner call has already added
 * the key and the outer one then keeps it). Advising the implementations, rather than wrapping what
 * {@code ContextDataInjectorFactory} returns, needs no class implementing a Log4j interface, which
 * an extension compiled without Log4j could not provide.
 */
final class ContextDataInjectorInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(Log4jTraceIdInstrumentationModule.CONTEXT_DATA_INJECTOR);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return implementsInterface(named(Log4jTraceIdInstrumentationModule.CONTEXT_DATA_INJECTOR))
        .and(not(isInterface()));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isMethod()
            .and(isPublic())
            .and(not(isAbstract()))
            .and(named("injectContextData"))
            .and(takesArguments(2))
            .and(takesArgument(0, named("java.util.List")))
            .and(takesArgument(1, named(Log4jContextData.STRING_MAP)))
            .and(returns(named(Log4jContextData.STRING_MAP))),
        ContextDataInjectorInstrumentation.class.getName() + "$InjectAdvice");
  }

  /** Inlined into each injector: replaces the returned map, never throws into Log4j. */
  @SuppressWarnings("unused")
  public static final class InjectAdvice {
    private InjectAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(
        @Advice.Argument(1) Object reusable,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object contextData) {
      contextData = Log4jContextData.withTraceId(contextData, reusable);
    }
  }
}
