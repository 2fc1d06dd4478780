/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling;

import io.github.otelxray.config.ConfigKeys;
import io.github.otelxray.config.ConfigValues;
import io.github.otelxray.sigv4.SigningTarget;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The X-Ray sampler's settings, read and checked in one place. A bad value never stops the
 * application: one warning names the key and the value, and the default applies.
 *
 * <ul>
 *   <li>{@code otel.traces.sampler.arg=endpoint=http://host:2000,polling_interval=300}: the ADOT /
 *       contrib convention, so users switch without edits;
 *   <li>{@code AWS_XRAY_DAEMON_ADDRESS} ({@code host:port} or {@code tcp:host:port udp:host:port})
 *       when no endpoint was given, so X-Ray SDK users migrate without edits;
 *   <li>{@code otel.aws.xray.sampler.rules-file}: an X-Ray SDK local rules file;
 *   <li>{@code otel.aws.xray.sampler.rule-attribute}: {@code false} leaves out the span attribute
 *       {@code aws.xray.sampling_rule}.
 * </ul>
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class SamplerSettings {

  private static final String SAMPLER_ARG = ConfigKeys.SAMPLER_ARG;
  private static final String DAEMON_ADDRESS = ConfigKeys.XRAY_DAEMON_ADDRESS;
  private static final String RULES_FILE = ConfigKeys.RULES_FILE;
  static final URI DEFAULT_ENDPOINT = URI.create("http://localhost:2000");
  static final long DEFAULT_POLLING_INTERVAL_SECONDS = 300;
  static final long MAX_POLLING_INTERVAL_SECONDS = 24 * 60 * 60;

  private final URI endpoint;
  private final long pollingIntervalSeconds;
  private final Path rulesFile;
  private final boolean recordRuleName;
  private final SigningTarget signing;

  SamplerSettings(
      URI endpoint,
      long pollingIntervalSeconds,
      Path rulesFile,
      boolean recordRuleName,
      SigningTarget signing) {
    this.endpoint = endpoint;
    this.pollingIntervalSeconds = pollingIntervalSeconds;
    this.rulesFile = rulesFile;
    this.recordRuleName = recordRuleName;
    this.signing = signing;
  }

  static SamplerSettings from(
      ConfigProperties config, Map<String, String> env, Consumer<String> warn) {
    String endpointValue = null;
    String intervalValue = null;
    String arg = config.getString(SAMPLER_ARG);
    if (arg != null && !arg.trim().isEmpty()) {
      for (String entry : arg.split(",")) {
        int equals = entry.indexOf('=');
        String key = equals < 0 ? entry.trim() : entry.substring(0, equals).trim();
        String value = equals < 0 ? "" : entry.substring(equals + 1).trim();
        if (key.isEmpty()) {
          continue;
        }
        if (key.equals("endpoint")) {
          endpointValue = value;
        } else if (key.equals("polling_interval")) {
          intervalValue = value;
        } else {
          warn.accept(
              SAMPLER_ARG
                  + ": unknown key '"
                  + key
                  + "' (value '"
                  + value
                  + "') ignored; the"
                  + " xray sampler knows endpoint and polling_interval.");
        }
      }
    }
    return read(
        new Written(SAMPLER_ARG, RULES_FILE)
            .endpoint(endpointValue)
            .pollingInterval(intervalValue)
            .rulesFile(config.getString(RULES_FILE))
            .ruleAttribute(config.getString(ConfigKeys.RULE_ATTRIBUTE))
            .sigv4(config.getString(ConfigKeys.SIGV4_ENABLED)),
        env,
        warn);
  }

  /**
   * The values the settings are read from, as the user wrote them (each {@code null} when not
   * written), and where: every warning about them starts with {@code where}. A sampler named in a
   * declarative configuration file ({@link #inFile}) has the properties {@code endpoint}, {@code
   * polling_interval} and {@code rules_file}, checked exactly as their {@code
   * otel.traces.sampler.arg} spellings; the rules file and rule attribute may also come from the
   * file's {@code aws_xray.sampler}, the signing switch from its {@code aws_xray.sigv4.enabled}.
   *
   * <p>Internal: public only for the declarative configuration, not an API.
   */
  public static final class Written {
    private final String where;
    private final String rulesFileKey;
    private String endpoint;
    private String pollingInterval;
    private String rulesFile;
    private String ruleAttribute;
    private String sigv4;

    private Written(String where, String rulesFileKey) {
      this.where = where;
      this.rulesFileKey = rulesFileKey;
    }

    /** A sampler named in a configuration file at {@code where}, its YAML path. */
    public static Written inFile(String where) {
      return new Written(where, where + ".rules_file");
    }

    public Written endpoint(String value) {
      endpoint = value;
      return this;
    }

    public Written pollingInterval(String value) {
      pollingInterval = value;
      return this;
    }

    public Written rulesFile(String value) {
      rulesFile = value;
      return this;
    }

    public Written ruleAttribute(String value) {
      ruleAttribute = value;
      return this;
    }

    public Written sigv4(String value) {
      sigv4 = value;
      return this;
    }
  }

  static SamplerSettings read(Written written, Map<String, String> env, Consumer<String> warn) {
    String prefix = written.where + ": ";
    String endpointValue = written.endpoint;
    String intervalValue = written.pollingInterval;
    URI endpoint = endpointValue == null ? null : endpoint(prefix, endpointValue, warn);
    long interval = DEFAULT_POLLING_INTERVAL_SECONDS;
    if (intervalValue != null) {
      interval = positiveSeconds(intervalValue);
      if (interval <= 0) {
        warn.accept(
            prefix
                + "polling_interval '"
                + intervalValue
                + "' is not a positive number of"
                + " seconds; using "
                + DEFAULT_POLLING_INTERVAL_SECONDS
                + ".");
        interval = DEFAULT_POLLING_INTERVAL_SECONDS;
      } else if (interval > MAX_POLLING_INTERVAL_SECONDS) {
        // A day at most: beyond that rules would never refresh, and milliseconds could overflow.
        warn.accept(
            prefix
                + "polling_interval '"
                + intervalValue
                + "' is over a day; using "
                + MAX_POLLING_INTERVAL_SECONDS
                + ".");
        interval = MAX_POLLING_INTERVAL_SECONDS;
      }
    }
    if (endpointValue == null) {
      String daemon = env.get(DAEMON_ADDRESS);
      if (daemon != null && !daemon.trim().isEmpty()) {
        endpoint = daemonEndpoint(daemon.trim());
        if (endpoint == null) {
          warn.accept(
              DAEMON_ADDRESS
                  + " '"
                  + daemon
                  + "' is not host:port or tcp:host:port udp:host:port;"
                  + " using "
                  + DEFAULT_ENDPOINT
                  + " for sampling rules.");
        }
      }
    }
    URI chosen = endpoint != null ? endpoint : DEFAULT_ENDPOINT;
    return new SamplerSettings(
        chosen,
        interval,
        rulesFile(written.rulesFile, written.rulesFileKey, warn),
        ConfigValues.booleanOrDefault(ConfigKeys.RULE_ATTRIBUTE, written.ruleAttribute, true, warn),
        SigningTarget.forEndpoint(chosen, written.sigv4, env, warn));
  }

  /** The endpoint given, or {@code null} (after one warning) when it is unusable. */
  private static URI endpoint(String prefix, String value, Consumer<String> warn) {
    URI endpoint = endpoint(value);
    if (endpoint == null && !value.contains("://") && hasPort(value)) {
      // host:port, as AWS_XRAY_DAEMON_ADDRESS is written: keep the user's host and port.
      endpoint = endpoint("http://" + value);
      if (endpoint != null) {
        warn.accept(prefix + "endpoint '" + value + "' has no scheme; using " + endpoint + ".");
      }
    }
    if (endpoint == null) {
      warn.accept(
          prefix
              + "endpoint '"
              + value
              + "' is not an http(s)://host:port URL;"
              + " using "
              + DEFAULT_ENDPOINT
              + ".");
    }
    return endpoint;
  }

  URI endpoint() {
    return endpoint;
  }

  long pollingIntervalSeconds() {
    return pollingIntervalSeconds;
  }

  /** The local rules file, or {@code null}. */
  Path rulesFile() {
    return rulesFile;
  }

  boolean recordRuleName() {
    return recordRuleName;
  }

  /**
   * How calls to the endpoint are signed: {@code null} for the collector's {@code awsproxy} or the
   * daemon (they sign themselves), a target for X-Ray's own {@code https://xray.<region>...}.
   */
  SigningTarget signing() {
    return signing;
  }

  /** {@code http(s)://host[:port]} with no path beyond "/"; {@code null} otherwise. */
  static URI endpoint(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null
          || uri.getPort() == 0
          || uri.getPort() > 65535
          || uri.getPort() < -1
          || uri.getRawQuery() != null
          || (uri.getRawPath() != null
              && !uri.getRawPath().isEmpty()
              && !uri.getRawPath().equals("/"))) {
        return null;
      }
      return new URI(
          scheme.toLowerCase(Locale.ROOT), null, uri.getHost(), uri.getPort(), null, null, null);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** The X-Ray SDK's address forms; the TCP address is the one that serves sampling rules. */
  static URI daemonEndpoint(String value) {
    String address = value;
    if (value.contains(" ") || value.startsWith("tcp:") || value.startsWith("udp:")) {
      address = null;
      for (String part : value.split("\\s+")) {
        if (part.startsWith("tcp:")) {
          address = part.substring(4);
        }
      }
      if (address == null) {
        return null;
      }
    }
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      return null;
    }
    return endpoint("http://" + address);
  }

  /** {@code host:port}: a colon with something on either side of it. */
  private static boolean hasPort(String value) {
    int colon = value.lastIndexOf(':');
    return colon > 0 && colon < value.length() - 1;
  }

  private static long positiveSeconds(String value) {
    try {
      long seconds = Long.parseLong(value);
      return seconds > 0 ? seconds : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Path rulesFile(String value, String key, Consumer<String> warn) {
    if (value == null || value.trim().isEmpty()) {
      return null;
    }
    try {
      return Paths.get(value.trim());
    } catch (InvalidPathException e) {
      warn.accept(key + " '" + value + "' is not a file path; ignored.");
      return null;
    }
  }

  @Override
  public String toString() {
    return "endpoint="
        + endpoint
        + ", polling_interval="
        + pollingIntervalSeconds
        + "s"
        + (rulesFile != null ? ", rules-file=" + rulesFile : "");
  }
}
