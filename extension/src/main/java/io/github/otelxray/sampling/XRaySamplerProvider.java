/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import com.google.auto.service.AutoService;
import io.github.otelxray.http.InstrumentationSuppression;
import io.github.otelxray.logging.ProblemLog;
import io.github.otelxray.sampling.adaptive.AdaptiveSamplingConfig;
import io.github.otelxray.sampling.rules.DecisionOptions;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.SamplingRule;
import io.github.otelxray.sampling.rules.XRaySampler;
import io.github.otelxray.sampling.source.HttpSamplingApi;
import io.github.otelxray.sampling.source.LocalRulesFile;
import io.github.otelxray.sampling.source.RulesPoller;
import io.github.otelxray.sigv4.AwsSigning;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The sampler named {@code xray} ({@code otel.traces.sampler=xray}, our default).
 *
 * <p>The SDK creates samplers before handing out the resource, and a sampler provider never sees
 * it; rules match the resource ({@code ServiceName}, {@code ServiceType}, {@code ResourceARN}), so
 * the sampler made here decides by the local rules until {@link SamplerLifecycle#start} binds it to
 * the resource and starts polling. The entry point does that in its sampler customizer, with the
 * resource its resource customizer saw: no static holder.
 */
@AutoService(ConfigurableSamplerProvider.class)
public final class XRaySamplerProvider implements ConfigurableSamplerProvider {

  private static final Logger LOGGER = Logger.getLogger(XRaySamplerProvider.class.getName());

  @Override
  public Sampler createSampler(ConfigProperties config) {
    ProblemLog log = new ProblemLog(LOGGER);
    return create(
        SamplerSettings.from(config, System.getenv(), message -> log.warn(message, message)), log);
  }

  /**
   * The {@code xray} sampler as a declarative configuration file names it ({@code
   * tracer_provider.sampler.xray}, at {@code where}): same checks, defaults and {@code
   * AWS_XRAY_DAEMON_ADDRESS} fallback as {@link #createSampler}; unbound until {@link
   * SamplerLifecycle#start}.
   */
  public static Sampler createFromFile(SamplerSettings.Written written, Map<String, String> env) {
    ProblemLog log = new ProblemLog(LOGGER);
    return create(SamplerSettings.read(written, env, message -> log.warn(message, message)), log);
  }

  private static Sampler create(SamplerSettings settings, ProblemLog log) {
    List<SamplingRule> local = localRules(settings, log);
    return local == null
        ? new Pending(
            settings,
            Collections.singletonList(RulesSnapshot.builtInDefault()),
            RulesSnapshot.Source.BUILT_IN,
            log)
        : new Pending(settings, local, RulesSnapshot.Source.LOCAL_FILE, log);
  }

  @Override
  public String getName() {
    return "xray";
  }

  /** The local rules file's rules, or {@code null} when there is none or it is unusable. */
  private static List<SamplingRule> localRules(SamplerSettings settings, ProblemLog log) {
    if (settings.rulesFile() == null) {
      return null;
    }
    try {
      List<SamplingRule> rules = LocalRulesFile.load(settings.rulesFile());
      log.info(
          "X-Ray sampling: "
              + rules.size()
              + " local rules from "
              + settings.rulesFile()
              + " apply until X-Ray's rules arrive, and whenever they cannot be fetched.");
      return rules;
    } catch (LocalRulesFile.InvalidRulesFile e) {
      log.warn(
          "rules-file",
          "X-Ray sampling: the local rules file "
              + e.getMessage()
              + "; using the built-in default (1 trace/s, then 5 %) instead.");
      return null;
    }
  }

  /** Decides by the local rules (or the default) until started. */
  static final class Pending implements Sampler {
    private final SamplerSettings settings;
    private final List<SamplingRule> fallbackRules;
    private final RulesSnapshot.Source fallbackSource;
    private final ProblemLog log;
    private final XRaySampler unbound;

    Pending(
        SamplerSettings settings,
        List<SamplingRule> fallbackRules,
        RulesSnapshot.Source fallbackSource,
        ProblemLog log) {
      this.settings = settings;
      this.fallbackRules = fallbackRules;
      this.fallbackSource = fallbackSource;
      this.log = log;
      this.unbound =
          new XRaySampler(
              RulesSnapshot.of(
                  fallbackRules,
                  fallbackSource,
                  Resource.empty(),
                  DecisionOptions.of(settings.recordRuleName(), false)),
              System::currentTimeMillis,
              description(settings));
    }

    /** A poller, started, keeping a sampler bound to {@code resource} current. */
    RulesPoller start(Resource resource, AdaptiveSamplingConfig adaptive) {
      RulesSnapshot fallback =
          RulesSnapshot.of(
              fallbackRules,
              fallbackSource,
              resource,
              DecisionOptions.of(settings.recordRuleName(), adaptive.captureEnabled()));
      XRaySampler sampler =
          new XRaySampler(fallback, System::currentTimeMillis, description(settings));
      if (!InstrumentationSuppression.available()) {
        log.warn(
            "suppression",
            "X-Ray sampling: the agent's switch for suppressing"
                + " instrumentation was not found; the sampler's own calls to "
                + settings.endpoint()
                + " may show up as spans.");
      }
      RulesPoller poller =
          new RulesPoller(
              sampler,
              settings.signing() == null
                  ? HttpSamplingApi.toProxy(settings.endpoint())
                  : HttpSamplingApi.toXRay(
                      settings.endpoint(), AwsSigning.signer(settings.signing())),
              fallback,
              settings.pollingIntervalSeconds() * 1000L,
              System::currentTimeMillis,
              log,
              RulesPoller.newClientId());
      poller.start();
      return poller;
    }

    @Override
    public SamplingResult shouldSample(
        Context parentContext,
        String traceId,
        String name,
        SpanKind spanKind,
        Attributes attributes,
        List<LinkData> parentLinks) {
      return unbound.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
      return unbound.getDescription();
    }

    @Override
    public String toString() {
      return getDescription();
    }

    private static String description(SamplerSettings settings) {
      return "XRaySampler{endpoint="
          + settings.endpoint()
          + ", polling_interval="
          + settings.pollingIntervalSeconds()
          + "s"
          + (settings.rulesFile() != null ? ", rules_file=" + settings.rulesFile() : "")
          + "}";
    }
  }
}
