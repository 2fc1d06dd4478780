/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultPropertiesTest {

  @Test
  void addsXRayToW3CPropagatorsOutsideLambda() {
    assertThat(DefaultProperties.forEnvironment(Map.of()))
        .containsOnly(
            Map.entry("otel.propagators", "tracecontext,baggage,xray"),
            Map.entry("otel.traces.sampler", "xray"));
  }

  @Test
  void usesLambdaPropagatorInsideLambda() {
    assertThat(DefaultProperties.forEnvironment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn")))
        .containsEntry("otel.propagators", "tracecontext,baggage,xray-lambda");
  }

  @Test
  void followsLambdasSamplingDecisionInsideLambdaInsteadOfPollingRules() {
    assertThat(DefaultProperties.forEnvironment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn")))
        .containsEntry("otel.traces.sampler", "parentbased_always_on");
  }

  @Test
  void treatsEmptyFunctionNameAsOutsideLambda() {
    assertThat(DefaultProperties.forEnvironment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "")))
        .containsEntry("otel.propagators", "tracecontext,baggage,xray");
  }

  @ParameterizedTest
  @ValueSource(strings = {"_X_AMZN_TRACE_ID", "AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT"})
  void decidesOnFunctionNameAlone(String otherLambdaVariable) {
    assertThat(DefaultProperties.forEnvironment(Map.of(otherLambdaVariable, "x")))
        .containsEntry("otel.propagators", "tracecontext,baggage,xray");
  }
}
