/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.adaptive;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A span of an unsampled trace exported because the trace was captured: marked {@code
 * aws.trace.flag.sampled=false}, as X-Ray's anomaly capture marks it, so views and queries can tell
 * a captured partial trace from a sampled one.
 */
final class CapturedSpanData extends DelegatingSpanData {

  static final AttributeKey<Boolean> SAMPLED_FLAG =
      AttributeKey.booleanKey("aws.trace.flag.sampled");

  private final Attributes attributes;
  private final int totalAttributeCount;
  private final long estimatedBytes;

  CapturedSpanData(SpanData delegate, long estimatedBytes) {
    super(delegate);
    this.estimatedBytes = estimatedBytes;
    Attributes original = delegate.getAttributes();
    this.attributes = original.toBuilder().put(SAMPLED_FLAG, false).build();
    this.totalAttributeCount =
        delegate.getTotalAttributeCount() + (original.get(SAMPLED_FLAG) == null ? 1 : 0);
  }

  /** The {@link SpanSize} of the span, which the export queue counts against its bound. */
  long estimatedBytes() {
    return estimatedBytes;
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public int getTotalAttributeCount() {
    return totalAttributeCount;
  }
}
