/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import io.github.otelxray.config.ConfigKeys;
import io.github.otelxray.logging.LogText;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One OTLP exporter of a configuration file ({@code otlp_http: {endpoint, headers, headers_list,
 * compression, timeout}}) in the property keys the signed export reads without a file, with our
 * {@code aws_xray.sigv4.enabled}: so a file's exporter to X-Ray's endpoint is signed as the same
 * settings given as properties are.
 */
final class FileExporterSettings {

  private FileExporterSettings() {}

  static ConfigProperties of(
      DeclarativeConfigProperties exporter, ConfigProperties ours, Consumer<String> warn) {
    Map<String, String> properties = new LinkedHashMap<>();
    String sigv4 = ours.getString(ConfigKeys.SIGV4_ENABLED);
    if (sigv4 != null) {
      properties.put(ConfigKeys.SIGV4_ENABLED, sigv4);
    }
    if (exporter == null) {
      return DefaultConfigProperties.createFromMap(properties);
    }
    String endpoint = exporter.getString("endpoint");
    if (endpoint != null) {
      properties.put(ConfigKeys.OTLP_TRACES_ENDPOINT, endpoint);
    }
    String compression = exporter.getString("compression");
    if (compression != null) {
      properties.put(ConfigKeys.OTLP_TRACES_COMPRESSION, compression);
    }
    Long timeout = exporter.getLong("timeout");
    if (timeout != null) {
      properties.put(ConfigKeys.OTLP_TRACES_TIMEOUT, timeout + "ms");
    }
    String headers = headers(exporter, warn);
    if (!headers.isEmpty()) {
      properties.put(ConfigKeys.OTLP_TRACES_HEADERS, headers);
    }
    return DefaultConfigProperties.createFromMap(properties);
  }

  /** {@code headers} (name/value pairs) and {@code headers_list}, the pairs first, as the SDK. */
  private static String headers(DeclarativeConfigProperties exporter, Consumer<String> warn) {
    List<String> pairs = new ArrayList<>();
    List<DeclarativeConfigProperties> headers = exporter.getStructuredList("headers");
    if (headers != null) {
      for (DeclarativeConfigProperties header : headers) {
        String name = header.getString("name");
        String value = header.getString("value");
        if (name == null || value == null) {
          continue;
        }
        if (name.indexOf(',') >= 0 || name.indexOf('=') >= 0 || value.indexOf(',') >= 0) {
          // The properties' form is "name=value,...": such a header cannot be carried over.
          warn.accept(
              "X-Ray signed export: the header "
                  + LogText.escape(name, 64)
                  + " of the configuration file's exporter has a ',' or '=' where the signed"
                  + " export cannot take one; it is not sent.");
          continue;
        }
        pairs.add(name + "=" + value);
      }
    }
    String list = exporter.getString("headers_list");
    if (list != null && !list.trim().isEmpty()) {
      pairs.add(list.trim());
    }
    return String.join(",", pairs);
  }
}
