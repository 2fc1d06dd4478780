/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import io.github.otelxray.logging.LogText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * X-Ray adaptive sampling as configured for this process (see {@link AdaptiveSamplingConfigReader}
 * for where it comes from). Immutable.
 *
 * <ul>
 *   <li>Sampling boost needs no local configuration: it applies to rules that carry {@code
 *       SamplingRateBoost}, with the default anomaly condition unless conditions are configured.
 *   <li>Anomaly trace capture is on only with a configuration, at least one condition used for
 *       capture, and a limit above zero traces a second.
 * </ul>
 */
public final class AdaptiveSamplingConfig {

  static final int DEFAULT_TRACES_PER_SECOND = 1;
  static final int DESCRIBED_CONDITIONS = 5;
  static final int MAX_DESCRIPTION = 2_000;

  private static final AdaptiveSamplingConfig NONE =
      new AdaptiveSamplingConfig(
          false, Collections.singletonList(AnomalyCondition.DEFAULT), DEFAULT_TRACES_PER_SECOND);

  private final boolean configured;
  private final AnomalyCondition[] boostConditions;
  private final AnomalyCondition[] captureConditions;
  private final List<AnomalyCondition> conditions;
  private final int anomalyTracesPerSecond;

  AdaptiveSamplingConfig(
      boolean configured, List<AnomalyCondition> conditions, int anomalyTracesPerSecond) {
    this.configured = configured;
    this.conditions = Collections.unmodifiableList(new ArrayList<>(conditions));
    List<AnomalyCondition> boost = new ArrayList<>();
    List<AnomalyCondition> capture = new ArrayList<>();
    for (AnomalyCondition condition : conditions) {
      if (condition.usage().boosts()) {
        boost.add(condition);
      }
      if (condition.usage().captures()) {
        capture.add(condition);
      }
    }
    this.boostConditions = boost.toArray(new AnomalyCondition[0]);
    this.captureConditions = capture.toArray(new AnomalyCondition[0]);
    this.anomalyTracesPerSecond = anomalyTracesPerSecond;
  }

  /** No local configuration: boost with the default condition, no capture. */
  public static AdaptiveSamplingConfig none() {
    return NONE;
  }

  /** Whether a configuration was given (and read, possibly with warnings). */
  public boolean configured() {
    return configured;
  }

  public boolean captureEnabled() {
    return configured && anomalyTracesPerSecond > 0 && captureConditions.length > 0;
  }

  public int anomalyTracesPerSecond() {
    return anomalyTracesPerSecond;
  }

  List<AnomalyCondition> conditions() {
    return conditions;
  }

  /** Whether {@code span} counts as an anomaly for its rule's boost statistics. */
  public boolean isBoostAnomaly(SpanFacts span) {
    return anyMatches(boostConditions, span);
  }

  /** Whether {@code span} is an anomaly that gets its unsampled trace captured. */
  public boolean isCaptureAnomaly(SpanFacts span) {
    return anyMatches(captureConditions, span);
  }

  private static boolean anyMatches(AnomalyCondition[] conditions, SpanFacts span) {
    for (AnomalyCondition condition : conditions) {
      if (condition.matches(span)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One line for the start-up INFO: what adaptive sampling will do. Conditions quote the
   * configuration escaped ({@link AnomalyCondition#toString}); at most {@link
   * #DESCRIBED_CONDITIONS} of each use are listed, and the line is cut at {@link #MAX_DESCRIPTION}
   * characters.
   */
  public String describe() {
    return LogText.escape(description(), MAX_DESCRIPTION);
  }

  private String description() {
    StringBuilder text = new StringBuilder("X-Ray adaptive sampling: ");
    text.append("sampling boost for rules with SamplingRateBoost on ")
        .append(boostConditions.length == 0 ? "no condition" : join(boostConditions))
        .append("; anomaly trace capture ");
    if (!configured) {
      text.append("off (no configuration)");
    } else if (captureConditions.length == 0) {
      text.append("off (no condition is used for capture)");
    } else if (anomalyTracesPerSecond == 0) {
      text.append("off (anomalyTracesPerSecond is 0)");
    } else {
      text.append("on ")
          .append(join(captureConditions))
          .append(", up to ")
          .append(anomalyTracesPerSecond)
          .append(anomalyTracesPerSecond == 1 ? " trace" : " traces")
          .append(" a second");
    }
    return text.append('.').toString();
  }

  private static String join(AnomalyCondition[] conditions) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < conditions.length && i < DESCRIBED_CONDITIONS; i++) {
      if (i > 0) {
        text.append(" or ");
      }
      text.append(conditions[i]);
    }
    if (conditions.length > DESCRIBED_CONDITIONS) {
      text.append(" or ").append(conditions.length - DESCRIBED_CONDITIONS).append(" more");
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
