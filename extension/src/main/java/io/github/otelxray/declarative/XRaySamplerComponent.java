/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import com.google.auto.service.AutoService;
import io.github.otelxray.config.ConfigKeys;
import io.github.otelxray.logging.LogText;
import io.github.otelxray.sampling.DeferredParent;
import io.github.otelxray.sampling.SamplerLifecycle;
import io.github.otelxray.sampling.SamplerSettings;
import io.github.otelxray.sampling.XRaySamplerProvider;
import io.github.otelxray.sampling.adaptive.AdaptiveSamplingConfigReader;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The sampler {@code xray} of a configuration file ({@code tracer_provider.sampler: {xray:
 * {endpoint, polling_interval, rules_file}}}), alone or as {@code parent_based.root}.
 *
 * <p>The properties are read and checked as their {@code otel.traces.sampler.arg} spellings are,
 * with the same defaults and the same {@code AWS_XRAY_DAEMON_ADDRESS} fallback; {@code rules_file}
 * falls back to {@code aws_xray.sampler.rules_file}. Alone it is parent-based and honours {@code
 * Sampled=?} parents, as without a file; under {@code parent_based} the file's parent-based sampler
 * decides for every span with a parent. Adaptive sampling reads {@code aws_xray.adaptive_sampling},
 * else the system property and env var it reads without a file.
 */
@AutoService(ComponentProvider.class)
public final class XRaySamplerComponent implements ComponentProvider {

  private static final Logger LOGGER = Logger.getLogger(XRaySamplerComponent.class.getName());
  static final String WHERE = "tracer_provider.sampler.xray";
  private static final Set<String> PROPERTIES =
      new HashSet<>(Arrays.asList("endpoint", "polling_interval", "rules_file"));

  @Override
  public Class<?> getType() {
    return Sampler.class;
  }

  @Override
  public String getName() {
    return ComponentNames.XRAY;
  }

  @Override
  public Object create(DeclarativeConfigProperties properties) {
    return create(
        properties == null ? Collections.<String, Object>emptyMap() : propertiesOf(properties),
        SamplerHandoff.settings(),
        System.getenv(),
        System::getProperty,
        SamplerHandoff.bindingProcessorComes());
  }

  static Sampler create(
      Map<String, Object> properties,
      ConfigProperties settings,
      Map<String, String> env,
      Function<String, String> systemProperties,
      boolean bindingProcessorComes) {
    return DeferredParent.honouredBy(
        resourceBound(properties, settings, env, systemProperties, bindingProcessorComes));
  }

  static ResourceBoundSampler resourceBound(
      Map<String, Object> properties,
      ConfigProperties settings,
      Map<String, String> env,
      Function<String, String> systemProperties,
      boolean bindingProcessorComes) {
    for (String key : properties.keySet()) {
      if (!PROPERTIES.contains(key)) {
        LOGGER.warning(
            WHERE
                + "."
                + LogText.escape(key)
                + " is not a property of the xray sampler; ignored. Known: endpoint,"
                + " polling_interval, rules_file.");
      }
    }
    String rulesFile = text(properties.get("rules_file"));
    Sampler pending =
        XRaySamplerProvider.createFromFile(
            SamplerSettings.Written.inFile(WHERE)
                .endpoint(text(properties.get("endpoint")))
                .pollingInterval(text(properties.get("polling_interval")))
                .rulesFile(
                    rulesFile != null ? rulesFile : settings.getString(ConfigKeys.RULES_FILE))
                .ruleAttribute(settings.getString(ConfigKeys.RULE_ATTRIBUTE))
                .sigv4(settings.getString(ConfigKeys.SIGV4_ENABLED)),
            env);
    // Read now, while the SDK is built at start-up: the sampler may start only at the first span,
    // on the thread of the application's first request.
    ResourceBoundSampler sampler =
        new ResourceBoundSampler(
            pending,
            new SamplerLifecycle(),
            AdaptiveSamplingConfigReader.read(
                adaptiveConfig(settings, env, systemProperties), LOGGER::warning));
    if (bindingProcessorComes) {
      SamplerHandoff.offer(sampler);
    } else {
      // No binding processor (agent 2.23 runs no model customizer of ours; 2.28 one we cannot
      // use): start now, without the resource.
      LOGGER.info(
          "X-Ray sampling: the extension could not customize this agent's configuration file, so"
              + " sampling rules are matched without the resource (rules naming a service name or"
              + " type do not match).");
      sampler.bind(Resource.empty());
    }
    return sampler;
  }

  private static String adaptiveConfig(
      ConfigProperties settings, Map<String, String> env, Function<String, String> properties) {
    String value = settings.getString(ConfigKeys.ADAPTIVE_SAMPLING_CONFIG);
    if (value == null) {
      value = properties.apply(ConfigKeys.ADAPTIVE_SAMPLING_CONFIG);
    }
    if (value == null) {
      value = env.get("AWS_XRAY_ADAPTIVE_SAMPLING_CONFIG");
    }
    return value;
  }

  /**
   * The sampler's properties as written. Each is read with the getter of the type the schema gives
   * it ({@code polling_interval} an integer, else text), so the SDK logs no type warnings; unknown
   * keys are kept for our own warning.
   */
  private static Map<String, Object> propertiesOf(DeclarativeConfigProperties properties) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String key : properties.getPropertyKeys()) {
      if (key.equals("polling_interval")) {
        Long seconds = properties.getLong(key);
        values.put(key, seconds != null ? seconds : properties.getString(key));
      } else if (PROPERTIES.contains(key)) {
        values.put(key, properties.getString(key));
      } else {
        values.put(key, null);
      }
    }
    return values;
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
