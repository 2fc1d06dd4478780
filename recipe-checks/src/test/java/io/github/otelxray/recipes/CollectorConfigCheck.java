/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Collector configs: every pipeline's components are defined, service.extensions are defined, the
 * traces pipeline exports with awsxray, the awsproxy extension serves X-Ray's sampling rules, and
 * the listen addresses fit the deployment: 0.0.0.0 with the standard ports for the EKS DaemonSet
 * (apps reach it at the node IP), localhost for sidecars and host-local collectors (the awsproxy
 * signs with the collector's credentials and has no authentication). A ConfigMap's embedded copy
 * must not drift from the folder's collector.yaml.
 */
final class CollectorConfigCheck {

  private static final Set<String> SIGNALS = Set.of("traces", "metrics", "logs");
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1");

  List<String> check(RecipeFiles files) {
    List<String> problems = new ArrayList<>();
    for (CollectorConfig config : files.collectorConfigs) {
      checkComponents(config, problems);
      checkListenAddresses(config, problems);
    }
    checkEmbeddedCopies(files, problems);
    return problems;
  }

  private static void checkComponents(CollectorConfig c, List<String> problems) {
    Map<?, ?> config = c.config();
    Map<?, ?> receivers = section(c, "receivers", problems);
    Map<?, ?> processors = section(c, "processors", problems);
    Map<?, ?> exporters = section(c, "exporters", problems);
    Map<?, ?> extensions = section(c, "extensions", problems);
    Map<?, ?> connectors = section(c, "connectors", problems);
    Map<?, ?> service = Tree.map(config.get("service"));
    if (service == null) {
      problems.add(c.at("service") + "missing");
      return;
    }

    for (Object id : Tree.list(service.get("extensions"))) {
      if (!extensions.containsKey(id)) {
        problems.add(c.at("service.extensions") + "'" + id + "' is not defined under extensions");
      }
    }
    if (!hasType(extensions, "awsproxy")) {
      problems.add(
          c.at("extensions")
              + "no awsproxy extension: the xray sampler of the apps gets X-Ray's sampling rules"
              + " from it (port 2000)");
    } else if (!c.servesAwsProxy()) {
      problems.add(
          c.at("service.extensions") + "awsproxy is defined but not listed, so it never starts");
    }
    if (!hasType(exporters, "awsxray") && signedOtlpExporters(c, exporters, extensions).isEmpty()) {
      problems.add(
          c.at("exporters")
              + "no awsxray exporter and no otlphttp exporter to X-Ray authenticated by a listed"
              + " sigv4auth extension: spans would never reach X-Ray");
    }
    List<String> toXRay = new ArrayList<>(signedOtlpExporters(c, exporters, extensions));

    Map<?, ?> pipelines = Tree.map(service.get("pipelines"));
    if (pipelines == null || pipelines.isEmpty()) {
      problems.add(c.at("service.pipelines") + "missing");
      return;
    }
    boolean tracesToXRay = false;
    for (Map.Entry<?, ?> pipeline : pipelines.entrySet()) {
      String name = String.valueOf(pipeline.getKey());
      String path = "service.pipelines." + name;
      if (!SIGNALS.contains(CollectorConfig.type(name))) {
        problems.add(c.at(path) + "unknown signal '" + CollectorConfig.type(name) + "'");
      }
      List<String> pipelineExporters =
          references(c, path, pipeline.getValue(), "exporters", exporters, connectors, problems);
      references(c, path, pipeline.getValue(), "receivers", receivers, connectors, problems);
      references(c, path, pipeline.getValue(), "processors", processors, null, problems);
      if (CollectorConfig.type(name).equals("traces")
          && pipelineExporters.stream()
              .anyMatch(e -> CollectorConfig.type(e).equals("awsxray") || toXRay.contains(e))) {
        tracesToXRay = true;
      }
    }
    if (!tracesToXRay) {
      problems.add(
          c.at("service.pipelines")
              + "no traces pipeline exports with awsxray or a signed otlphttp: nothing reaches"
              + " X-Ray");
    }
  }

  /**
   * The otlphttp exporters that reach X-Ray's OTLP traces endpoint, the variant AWS now recommends:
   * {@code traces_endpoint} on {@code xray.<region>.amazonaws.com} and {@code auth.authenticator}
   * naming a sigv4auth extension that the service starts.
   */
  private static List<String> signedOtlpExporters(
      CollectorConfig c, Map<?, ?> exporters, Map<?, ?> extensions) {
    List<String> signed = new ArrayList<>();
    Map<?, ?> service = Tree.map(c.config().get("service"));
    List<?> started = service == null ? List.of() : Tree.list(service.get("extensions"));
    for (Map.Entry<?, ?> exporter : exporters.entrySet()) {
      String id = String.valueOf(exporter.getKey());
      if (!CollectorConfig.type(id).equals("otlphttp")) {
        continue;
      }
      String endpoint = Tree.text(Tree.get(exporter.getValue(), "traces_endpoint"));
      String authenticator = Tree.text(Tree.get(exporter.getValue(), "auth", "authenticator"));
      if (endpoint != null
          && endpoint.matches("https://xray\\.[^/]+\\.amazonaws\\.com/v1/traces")
          && authenticator != null
          && CollectorConfig.type(authenticator).equals("sigv4auth")
          && extensions.containsKey(authenticator)
          && started.contains(authenticator)) {
        signed.add(id);
      }
    }
    return signed;
  }

  /** The ids a pipeline lists under {@code kind}, reporting those not defined. */
  private static List<String> references(
      CollectorConfig c,
      String pipelinePath,
      Object pipeline,
      String kind,
      Map<?, ?> defined,
      Map<?, ?> connectors,
      List<String> problems) {
    List<String> ids = new ArrayList<>();
    Object listed = Tree.get(pipeline, kind);
    if (listed == null) {
      if (!kind.equals("processors")) {
        problems.add(c.at(pipelinePath + "." + kind) + "missing: a pipeline needs " + kind);
      }
      return ids;
    }
    if (!(listed instanceof List<?> list)) {
      problems.add(c.at(pipelinePath + "." + kind) + "must be a list of component ids");
      return ids;
    }
    if (list.isEmpty() && !kind.equals("processors")) {
      problems.add(c.at(pipelinePath + "." + kind) + "empty: a pipeline needs " + kind);
    }
    for (Object item : list) {
      String id = Tree.text(item);
      ids.add(Objects.toString(id));
      boolean ok =
          id != null
              && (defined.containsKey(id) || (connectors != null && connectors.containsKey(id)));
      if (!ok) {
        problems.add(
            c.at(pipelinePath + "." + kind)
                + "'"
                + item
                + "' is not defined under the top-level "
                + kind
                + " (defined: "
                + defined.keySet()
                + ")");
      }
    }
    return ids;
  }

  private static void checkListenAddresses(CollectorConfig c, List<String> problems) {
    Map<?, ?> config = c.config();
    if (c.daemonSet()) {
      // Apps on every node reach their node's collector at status.hostIP: all interfaces.
      boolean sawOtlp = false;
      for (Map.Entry<?, ?> receiver : entries(config.get("receivers"))) {
        if (!CollectorConfig.type(String.valueOf(receiver.getKey())).equals("otlp")) {
          continue;
        }
        sawOtlp = true;
        String path = "receivers." + receiver.getKey() + ".protocols.";
        expect(
            c,
            path + "grpc.endpoint",
            Tree.get(receiver.getValue(), "protocols", "grpc", "endpoint"),
            "0.0.0.0:4317",
            problems);
        expect(
            c,
            path + "http.endpoint",
            Tree.get(receiver.getValue(), "protocols", "http", "endpoint"),
            "0.0.0.0:4318",
            problems);
      }
      if (!sawOtlp) {
        problems.add(c.at("receivers") + "no otlp receiver: the apps export OTLP to it");
      }
      for (Map.Entry<?, ?> extension : entries(config.get("extensions"))) {
        if (CollectorConfig.type(String.valueOf(extension.getKey())).equals("awsproxy")) {
          expect(
              c,
              "extensions." + extension.getKey() + ".endpoint",
              Tree.get(extension.getValue(), "endpoint"),
              "0.0.0.0:2000",
              problems);
        }
      }
      return;
    }
    // Sidecar, laptop and EC2 host: only the local apps may reach it.
    for (String sectionName : List.of("receivers", "extensions")) {
      Tree.walkMaps(
          config.get(sectionName),
          sectionName,
          (path, map) -> {
            for (String key : List.of("endpoint", "listen_address")) {
              String value = Tree.text(map.get(key));
              if (value == null) {
                continue;
              }
              String host = host(value);
              String at = c.at(Tree.child(path, key));
              if (host.isEmpty()
                  || host.equals("0.0.0.0")
                  || host.equals("::")
                  || host.equals("*")) {
                problems.add(
                    at
                        + "binds 0.0.0.0 (all interfaces) with '"
                        + value
                        + "': a sidecar or host-local collector must listen on localhost"
                        + " (the awsproxy is unauthenticated and signs with the collector's credentials)");
              } else if (!LOCAL_HOSTS.contains(host)) {
                problems.add(
                    at
                        + "binds '"
                        + value
                        + "': a sidecar or host-local collector must listen on localhost or 127.0.0.1");
              }
            }
          });
    }
    for (Map.Entry<?, ?> receiver : entries(config.get("receivers"))) {
      if (CollectorConfig.type(String.valueOf(receiver.getKey())).equals("otlp")) {
        String path = "receivers." + receiver.getKey() + ".protocols.";
        port(
            c,
            path + "grpc.endpoint",
            Tree.get(receiver.getValue(), "protocols", "grpc", "endpoint"),
            "4317",
            problems);
        port(
            c,
            path + "http.endpoint",
            Tree.get(receiver.getValue(), "protocols", "http", "endpoint"),
            "4318",
            problems);
      }
    }
    for (Map.Entry<?, ?> extension : entries(config.get("extensions"))) {
      if (CollectorConfig.type(String.valueOf(extension.getKey())).equals("awsproxy")) {
        port(
            c,
            "extensions." + extension.getKey() + ".endpoint",
            Tree.get(extension.getValue(), "endpoint"),
            "2000",
            problems);
      }
    }
  }

  /** The embedded copy of a collector config (ConfigMap) must equal the folder's collector.yaml. */
  private static void checkEmbeddedCopies(RecipeFiles files, List<String> problems) {
    for (CollectorConfig embedded : files.collectorConfigs) {
      if (!embedded.embedded()) {
        continue;
      }
      for (CollectorConfig standalone : files.collectorConfigsIn(embedded.folder())) {
        if (!standalone.embedded()
            && standalone.doc().recipe().path().getFileName().toString().equals("collector.yaml")
            && !standalone.config().equals(embedded.config())) {
          problems.add(
              embedded.doc().at(embedded.where())
                  + "differs from "
                  + standalone.doc().recipe().rel()
                  + ": keep the embedded copy and the file the same");
        }
      }
    }
  }

  private static void expect(
      CollectorConfig c, String path, Object actual, String wanted, List<String> problems) {
    if (!wanted.equals(Tree.text(actual))) {
      problems.add(
          c.at(path)
              + (actual == null ? "not set (default is localhost)" : "is '" + actual + "'")
              + ": a DaemonSet collector must listen on "
              + wanted
              + " so that apps reach it at their node's IP ($(OTEL_NODE_IP))");
    }
  }

  private static void port(
      CollectorConfig c, String path, Object endpoint, String wanted, List<String> problems) {
    String value = Tree.text(endpoint);
    if (value != null && !value.endsWith(":" + wanted)) {
      problems.add(
          c.at(path) + "'" + value + "' is not on port " + wanted + ", where the apps look for it");
    }
  }

  /** The host of "host:port" ("" for ":port", "::" for "[::]:port"). */
  static String host(String endpoint) {
    String value = endpoint.strip();
    int scheme = value.indexOf("://");
    if (scheme >= 0) {
      value = value.substring(scheme + 3);
    }
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      return close < 0 ? value : value.substring(1, close);
    }
    int colon = value.lastIndexOf(':');
    return colon < 0 ? value : value.substring(0, colon);
  }

  private static Map<?, ?> section(CollectorConfig c, String name, List<String> problems) {
    Object section = c.config().get(name);
    if (section == null) {
      return Map.of();
    }
    if (!(section instanceof Map<?, ?> map)) {
      problems.add(c.at(name) + "must be a map of component ids");
      return Map.of();
    }
    return map;
  }

  private static Set<? extends Map.Entry<?, ?>> entries(Object node) {
    Map<?, ?> map = Tree.map(node);
    return map == null ? Set.of() : map.entrySet();
  }

  private static boolean hasType(Map<?, ?> section, String type) {
    return section.keySet().stream()
        .anyMatch(k -> CollectorConfig.type(String.valueOf(k)).equals(type));
  }
}
