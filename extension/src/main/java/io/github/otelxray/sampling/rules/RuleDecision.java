/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * A root decision of a rule that takes part in sampling boost: besides the decision and the rule's
 * attributes, it stamps the rule's hash into {@code tracestate} ({@code xrsr}), so services
 * downstream report their anomalies against the rule that decided here. Built once per rule.
 */
final class RuleDecision implements SamplingResult {

  private final SamplingDecision decision;
  private final Attributes attributes;
  private final String ruleHash;

  RuleDecision(SamplingDecision decision, Attributes attributes, String ruleHash) {
    this.decision = decision;
    this.attributes = attributes;
    this.ruleHash = ruleHash;
  }

  @Override
  public SamplingDecision getDecision() {
    return decision;
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public TraceState getUpdatedTraceState(TraceState parentTraceState) {
    return parentTraceState.toBuilder().put(RuleHash.TRACE_STATE_KEY, ruleHash).build();
  }

  @Override
  public String toString() {
    return "RuleDecision{" + decision + ", xrsr=" + ruleHash + "}";
  }
}
