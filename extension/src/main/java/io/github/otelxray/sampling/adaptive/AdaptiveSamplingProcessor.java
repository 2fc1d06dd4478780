/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import io.github.otelxray.sampling.rules.RuleApplier;
import io.github.otelxray.sampling.rules.RuleHash;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.XRaySampler;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where adaptive sampling sees spans end, on the thread that ends them:
 *
 * <ul>
 *   <li><b>boost statistics</b>: a local root span (its parent absent or remote) of a trace whose
 *       {@code xrsr} names a rule with a {@code SamplingRateBoost} counts one request for that
 *       rule; anomalous if it, or a span of its trace that ended before it here, meets a boost
 *       condition;
 *   <li><b>anomaly capture</b>: every unsampled span goes to {@link AnomalyCapture}, when it is on.
 * </ul>
 *
 * <p>Without boost rules and without capture it returns after one volatile read. It never throws
 * into the application: a failure is logged once and the span is left alone.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class AdaptiveSamplingProcessor implements SpanProcessor {

  private static final Logger LOGGER = Logger.getLogger(AdaptiveSamplingProcessor.class.getName());

  private final XRaySampler rules;
  private final AdaptiveSamplingConfig config;
  private final AnomalyCapture capture; // null: capture off
  private final AnomalousTraces anomalousTraces = new AnomalousTraces(4096);
  private final AtomicBoolean failureLogged = new AtomicBoolean();

  public AdaptiveSamplingProcessor(
      XRaySampler rules, AdaptiveSamplingConfig config, AnomalyCapture capture) {
    this.rules = rules;
    this.config = config;
    this.capture = capture;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    try {
      SpanContext context = span.getSpanContext();
      RulesSnapshot snapshot = rules.snapshot();
      RuleApplier boostRule =
          snapshot.hasBoostRules()
              ? snapshot.boostRule(context.getTraceState().get(RuleHash.TRACE_STATE_KEY))
              : null;
      boolean capturing = capture != null && !context.isSampled();
      if (boostRule == null && !capturing) {
        return;
      }
      SpanFacts facts = new SpanFacts(span);
      if (boostRule != null) {
        countForBoost(span, context, boostRule, facts);
      }
      if (capturing) {
        capture.onEnd(span, facts);
      }
    } catch (RuntimeException e) {
      Level level = failureLogged.compareAndSet(false, true) ? Level.WARNING : Level.FINE;
      LOGGER.log(
          level, "X-Ray adaptive sampling failed on an ended span; the span is left alone.", e);
    }
  }

  private void countForBoost(
      ReadableSpan span, SpanContext context, RuleApplier rule, SpanFacts facts) {
    boolean anomalous = config.isBoostAnomaly(facts);
    SpanContext parent = span.getParentSpanContext();
    if (!parent.isValid() || parent.isRemote()) {
      anomalous |= anomalousTraces.takeMark(context.getTraceId());
      rule.statistics().recordBoostRequest(anomalous, context.isSampled());
    } else if (anomalous) {
      anomalousTraces.mark(context.getTraceId());
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    return capture == null ? CompletableResultCode.ofSuccess() : capture.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }
}
