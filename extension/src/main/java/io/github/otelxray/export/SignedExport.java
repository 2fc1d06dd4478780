/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import io.github.otelxray.config.ConfigKeys;
import io.github.otelxray.logging.LogText;
import io.github.otelxray.sigv4.AwsSigning;
import io.github.otelxray.sigv4.RequestSigner;
import io.github.otelxray.sigv4.SigningTarget;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Puts the signed exporter in place of the agent's OTLP/HTTP exporter when its traces endpoint is
 * X-Ray's (or signing is switched on for it), with the endpoint, headers, compression and timeout
 * the agent's exporter was configured with. Every other exporter is returned as it is, and then
 * nothing of the AWS SDK is loaded.
 */
public final class SignedExport {

  private static final Logger LOGGER = Logger.getLogger(SignedExport.class.getName());
  static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

  private SignedExport() {}

  /** For the span exporter customizer. */
  public static SpanExporter signIfXRay(SpanExporter exporter, ConfigProperties config) {
    return signIfXRay(exporter, config, System.getenv(), LOGGER::warning, AwsSigning::signer);
  }

  static SpanExporter signIfXRay(
      SpanExporter exporter,
      ConfigProperties config,
      Map<String, String> env,
      Consumer<String> warn,
      Function<SigningTarget, RequestSigner> signers) {
    SpanExporter signed = signedReplacement(exporter, config, env, warn, signers);
    if (signed == null) {
      return exporter;
    }
    exporter.shutdown();
    return signed;
  }

  /**
   * The signed exporter to use instead of {@code exporter}, or {@code null} when its endpoint is
   * not signed. {@code exporter} is left running: with a configuration file the SDK shuts down an
   * exporter its customizer replaced.
   */
  public static SpanExporter signedReplacement(SpanExporter exporter, ConfigProperties config) {
    return signedReplacement(
        exporter, config, System.getenv(), LOGGER::warning, AwsSigning::signer);
  }

  static SpanExporter signedReplacement(
      SpanExporter exporter,
      ConfigProperties config,
      Map<String, String> env,
      Consumer<String> warn,
      Function<SigningTarget, RequestSigner> signers) {
    String kind = exporter.getClass().getSimpleName();
    boolean http = kind.equals("OtlpHttpSpanExporter");
    boolean grpc = kind.equals("OtlpGrpcSpanExporter");
    if (!http && !grpc) {
      return null;
    }
    URI endpoint = tracesEndpoint(config, grpc);
    if (endpoint == null) {
      return null;
    }
    SigningTarget target =
        SigningTarget.forEndpoint(endpoint, config.getString(ConfigKeys.SIGV4_ENABLED), env, warn);
    if (target == null) {
      return null;
    }
    if (grpc) {
      warn.accept(
          "X-Ray's OTLP endpoint "
              + LogText.escape(endpoint.toString())
              + " takes OTLP/HTTP protobuf only, and the export is gRPC: set"
              + " otel.exporter.otlp.traces.protocol=http/protobuf (and the endpoint"
              + " https://xray.<region>.amazonaws.com/v1/traces). Spans are not signed.");
      return null;
    }
    return new SignedOtlpExporter(
        endpoint,
        headers(config),
        gzip(config, warn),
        timeoutMillis(config),
        signers.apply(target));
  }

  /**
   * The traces endpoint as the SDK reads it: the traces key as given, or the general key with
   * {@code v1/traces} appended (OTLP/HTTP only); {@code null} when neither is set or usable.
   */
  static URI tracesEndpoint(ConfigProperties config, boolean grpc) {
    String traces = config.getString(ConfigKeys.OTLP_TRACES_ENDPOINT);
    String value = traces;
    if (value == null) {
      String general = config.getString(ConfigKeys.OTLP_ENDPOINT);
      if (general == null) {
        return null;
      }
      value = grpc ? general : (general.endsWith("/") ? general : general + "/") + "v1/traces";
    }
    try {
      URI uri = new URI(value.trim());
      return uri.getHost() == null ? null : uri;
    } catch (Exception e) {
      return null; // the agent has already refused it
    }
  }

  private static Map<String, String> headers(ConfigProperties config) {
    Map<String, String> traces = config.getMap(ConfigKeys.OTLP_TRACES_HEADERS);
    return traces.isEmpty() ? config.getMap(ConfigKeys.OTLP_HEADERS) : traces;
  }

  private static boolean gzip(ConfigProperties config, Consumer<String> warn) {
    String value = config.getString(ConfigKeys.OTLP_TRACES_COMPRESSION);
    if (value == null) {
      value = config.getString(ConfigKeys.OTLP_COMPRESSION, "none");
    }
    String compression = value.trim().toLowerCase(Locale.ROOT);
    if (!compression.equals("gzip") && !compression.equals("none")) {
      warn.accept(
          "OTLP compression '"
              + LogText.escape(value)
              + "' is not supported by the signed export to X-Ray; sending uncompressed.");
    }
    return compression.equals("gzip");
  }

  private static int timeoutMillis(ConfigProperties config) {
    Duration timeout = config.getDuration(ConfigKeys.OTLP_TRACES_TIMEOUT);
    if (timeout == null) {
      timeout = config.getDuration(ConfigKeys.OTLP_TIMEOUT);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      return DEFAULT_TIMEOUT_MILLIS;
    }
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }
}
