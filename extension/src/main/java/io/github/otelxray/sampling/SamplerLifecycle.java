package io.github.otelxray.sampling;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the {@code xray} sampler once the resource is known, and stops it with the SDK.
 *
 * <p>The SDK shuts down span processors, not samplers, so this is registered as a span processor
 * that asks to see no span: the SDK leaves it off the request path entirely, and calls {@link
 * #shutdown} when the agent shuts the SDK down. The poller then reports the statistics counted
 * since its last report, so X-Ray's quotas account for the last seconds of this process, and its
 * thread ends.
 */
public final class SamplerLifecycle implements SpanProcessor {

  private final AtomicReference<RulesPoller> poller = new AtomicReference<>();

  /**
   * {@code sampler} bound to {@code resource}, polling and parent-based, if it came from {@link
   * XRaySamplerProvider}; any other sampler unchanged.
   */
  public Sampler start(Sampler sampler, Resource resource) {
    if (!(sampler instanceof XRaySamplerProvider.Pending)) {
      return sampler;
    }
    RulesPoller started = ((XRaySamplerProvider.Pending) sampler).start(resource);
    RulesPoller previous = poller.getAndSet(started);
    if (previous != null) {
      previous.shutdown();
    }
    return Sampler.parentBased(started.sampler());
  }

  @Override
  public CompletableResultCode shutdown() {
    RulesPoller started = poller.getAndSet(null);
    return started == null ? CompletableResultCode.ofSuccess() : started.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }

  @Override
  public String toString() {
    return "SamplerLifecycle";
  }
}
