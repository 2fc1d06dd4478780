/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import io.github.otelxray.config.ConfigKeys;
import io.github.otelxray.config.ConfigValues;
import io.github.otelxray.logging.LogText;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the export wrapper does to spans before they leave the process, read and checked in one
 * place. A bad value never stops the application: one warning names the key and the value, and that
 * key's default applies.
 *
 * <ul>
 *   <li>{@code otel.aws.xray.annotations=order_id,tenant,app.*}: span attributes to index as X-Ray
 *       annotations, by name or glob ({@code *} any run, {@code ?} one character, case-sensitive
 *       like attribute names). Default: none. Attributes named {@code aws.xray.annotation.<name>}
 *       become annotations whatever this says.
 *   <li>{@code otel.aws.xray.redact.enabled}: {@code false} turns redaction off. Default {@code
 *       true}.
 *   <li>{@code otel.aws.xray.redact.headers}: captured request/response headers whose values become
 *       {@code REDACTED}, compared without regard to case. Default {@link
 *       #DEFAULT_REDACTED_HEADERS}.
 *   <li>{@code otel.aws.xray.redact.query-params}: URL query parameters whose values become {@code
 *       REDACTED}, compared without regard to case after URL-decoding. Default {@link
 *       #DEFAULT_REDACTED_QUERY_PARAMS}.
 * </ul>
 *
 * <p>A list the user sets replaces the default (so it can also narrow it: to add a name, repeat the
 * defaults). An empty value counts as unset, as the OpenTelemetry spec asks of environment
 * variables, so a templating slip ({@code OTEL_AWS_XRAY_REDACT_HEADERS=${UNSET}}) cannot switch
 * redaction off; the value {@code none} is the explicit way to redact nothing of that kind (the
 * spelling OpenTelemetry uses for {@code otel.traces.exporter=none}).
 */
final class ExportSettings {

  private static final String ANNOTATIONS = ConfigKeys.ANNOTATIONS;
  private static final String REDACT_HEADERS = ConfigKeys.REDACT_HEADERS;
  private static final String REDACT_QUERY_PARAMS = ConfigKeys.REDACT_QUERY_PARAMS;
  static final String NONE = "none";

  /**
   * {@code X-Amz-Security-Token} carries the session token of temporary AWS credentials on every
   * SigV4-signed request; it was redacted as a query parameter but not as a header.
   */
  static final List<String> DEFAULT_REDACTED_HEADERS =
      Collections.unmodifiableList(
          Arrays.asList(
              "Authorization",
              "Proxy-Authorization",
              "Cookie",
              "Set-Cookie",
              "X-Api-Key",
              "X-Amz-Security-Token"));

  static final List<String> DEFAULT_REDACTED_QUERY_PARAMS =
      Collections.unmodifiableList(
          Arrays.asList(
              "password",
              "passwd",
              "secret",
              "token",
              "access_token",
              "api_key",
              "apikey",
              "key",
              "signature",
              "X-Amz-Signature",
              "X-Amz-Credential",
              "X-Amz-Security-Token"));

  private static final ExportSettings DEFAULTS =
      new ExportSettings(
          Collections.<String>emptyList(),
          true,
          DEFAULT_REDACTED_HEADERS,
          DEFAULT_REDACTED_QUERY_PARAMS);

  private final List<String> annotations;
  private final boolean redactionEnabled;
  private final List<String> redactedHeaders;
  private final List<String> redactedQueryParams;

  private ExportSettings(
      List<String> annotations,
      boolean redactionEnabled,
      List<String> redactedHeaders,
      List<String> redactedQueryParams) {
    this.annotations = annotations;
    this.redactionEnabled = redactionEnabled;
    this.redactedHeaders = redactionEnabled ? redactedHeaders : Collections.<String>emptyList();
    this.redactedQueryParams =
        redactionEnabled ? redactedQueryParams : Collections.<String>emptyList();
  }

  /** No annotation patterns; redaction on with the default lists. */
  static ExportSettings defaults() {
    return DEFAULTS;
  }

  static ExportSettings from(ConfigProperties config, Consumer<String> warn) {
    return new ExportSettings(
        list(config.getString(ANNOTATIONS), ANNOTATIONS, Kind.ATTRIBUTE_GLOB, warn),
        // On unless explicitly off: a typo must not be what sends Authorization headers to X-Ray.
        ConfigValues.booleanOrDefault(
            ConfigKeys.REDACT_ENABLED, config.getString(ConfigKeys.REDACT_ENABLED), true, warn),
        list(config.getString(REDACT_HEADERS), REDACT_HEADERS, Kind.HEADER, warn),
        list(config.getString(REDACT_QUERY_PARAMS), REDACT_QUERY_PARAMS, Kind.QUERY_PARAM, warn));
  }

  /** Attribute names and globs to index; empty when none were configured. */
  List<String> annotations() {
    return annotations;
  }

  boolean redactionEnabled() {
    return redactionEnabled;
  }

  /** Header names whose captured values are redacted; empty when redaction is off. */
  List<String> redactedHeaders() {
    return redactedHeaders;
  }

  /** Query parameter names whose values are redacted; empty when redaction is off. */
  List<String> redactedQueryParams() {
    return redactedQueryParams;
  }

  private enum Kind {
    ATTRIBUTE_GLOB(
        Collections.<String>emptyList(),
        "an attribute name or glob (letters, digits, _ . - : / @ and the wildcards * ?)"),
    HEADER(DEFAULT_REDACTED_HEADERS, "an HTTP header name"),
    QUERY_PARAM(
        DEFAULT_REDACTED_QUERY_PARAMS,
        "a query parameter name (no spaces, control characters, & = # or ?)");

    final List<String> defaults;
    final String expected;

    Kind(List<String> defaults, String expected) {
      this.defaults = defaults;
      this.expected = expected;
    }

    boolean accepts(String entry) {
      for (int i = 0; i < entry.length(); i++) {
        char c = entry.charAt(i);
        boolean ok;
        switch (this) {
          case ATTRIBUTE_GLOB:
            ok = isAsciiLetterOrDigit(c) || "_.-:/@*?".indexOf(c) >= 0;
            break;
          case HEADER:
            // RFC 9110 token characters: what a header field name may contain.
            ok = isAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            break;
          default:
            // Compared after URL-decoding, so almost anything goes, except what would split the
            // query or the name from its value.
            ok = c > ' ' && c != 0x7f && "&=#?".indexOf(c) < 0;
            break;
        }
        if (!ok) {
          return false;
        }
      }
      return true;
    }

    String describeDefault() {
      return defaults.isEmpty() ? "none" : String.join(", ", defaults);
    }
  }

  private static List<String> list(String value, String key, Kind kind, Consumer<String> warn) {
    if (value == null || value.trim().isEmpty()) {
      return kind.defaults;
    }
    if (kind != Kind.ATTRIBUTE_GLOB && value.trim().equalsIgnoreCase(NONE)) {
      return Collections.emptyList();
    }
    List<String> entries = new ArrayList<>();
    for (String part : value.split(",")) {
      String entry = part.trim();
      if (entry.isEmpty() || contains(entries, entry, kind != Kind.ATTRIBUTE_GLOB)) {
        continue;
      }
      if (!kind.accepts(entry)) {
        warn.accept(
            key
                + " '"
                + LogText.escape(value)
                + "': '"
                + LogText.escape(entry)
                + "' is not "
                + kind.expected
                + "; using the default ("
                + kind.describeDefault()
                + ").");
        return kind.defaults;
      }
      entries.add(entry);
    }
    return Collections.unmodifiableList(entries);
  }

  private static boolean contains(List<String> entries, String entry, boolean ignoreCase) {
    for (String existing : entries) {
      if (ignoreCase ? existing.equalsIgnoreCase(entry) : existing.equals(entry)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  @Override
  public String toString() {
    return "annotations="
        + (annotations.isEmpty() ? "none" : String.join(",", annotations))
        + ", redaction="
        + (redactionEnabled
            ? "headers["
                + String.join(",", redactedHeaders)
                + "] query-params["
                + String.join(",", redactedQueryParams)
                + "]"
            : "off");
  }
}
