/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import io.github.otelxray.sampling.rules.RulesSnapshot;
import java.util.List;

/** The two calls of X-Ray's sampling API the poller makes; faked in tests. */
interface SamplingApi {

  /** All rules, every page of them. */
  SamplingApiJson.RulesPage getSamplingRules() throws SamplingApiException;

  /** Reports {@code counts} (never empty) and returns X-Ray's targets. */
  SamplingApiJson.Targets getSamplingTargets(
      List<RulesSnapshot.RuleCounts> counts, String clientId, long nowMillis)
      throws SamplingApiException;

  /** Where the calls go, for log messages. */
  String endpoint();

  /** Releases what the client holds (a credential refresh); called once, at shutdown. */
  default void close() {}
}
