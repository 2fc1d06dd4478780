/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import io.github.otelxray.recipes.EnvVars.Context;
import io.github.otelxray.recipes.Recipe.Doc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an app is instrumented (a container, unit or function with the agent, or an Operator
 * Instrumentation), its sampler and exporter settings reach the collector of its folder: a known
 * sampler; for the xray sampler (the extension's default) an awsproxy endpoint on port 2000 at
 * localhost (sidecar, host) or $(OTEL_NODE_IP) (EKS DaemonSet), and a collector config in the
 * folder that serves awsproxy; OTLP to the same host on 4318 (http/protobuf) or 4317 (grpc), and a
 * collector config in the folder to receive it.
 */
final class EndpointCheck {

  static final Set<String> SAMPLERS =
      Set.of(
          "xray",
          "always_on",
          "always_off",
          "traceidratio",
          "parentbased_always_on",
          "parentbased_always_off",
          "parentbased_traceidratio",
          "jaeger_remote",
          "parentbased_jaeger_remote");
  private static final Pattern URL =
      Pattern.compile("(https?)://(\\[[^\\]]+\\]|[^/:]+):([0-9]+)(/.*)?");
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1");
  private static final String NODE_IP_HOST = "$(OTEL_NODE_IP)";

  List<String> check(RecipeFiles files, List<Context> contexts) {
    List<String> problems = new ArrayList<>();
    for (Context context : contexts) {
      if (context.instrumentation() || !instrumented(context)) {
        continue;
      }
      Map<String, String> settings = new LinkedHashMap<>();
      for (String value : context.strings()) {
        Matcher property =
            Pattern.compile("-D(otel\\.[A-Za-z0-9_.\\-]+)=([^\\s\"']*)").matcher(value);
        while (property.find()) {
          settings.put(EnvVarNames.envName(property.group(1)), property.group(2));
        }
      }
      settings.putAll(context.values());
      checkApp(files, context.doc(), context.at(context.path()), settings, problems);
    }
    for (Doc doc : files.docs()) {
      if (doc.isKind("Instrumentation")) {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "OTEL_TRACES_SAMPLER", Tree.get(doc.tree(), "spec", "sampler", "type"));
        put(
            settings,
            "OTEL_TRACES_SAMPLER_ARG",
            Tree.get(doc.tree(), "spec", "sampler", "argument"));
        put(
            settings,
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            Tree.get(doc.tree(), "spec", "exporter", "endpoint"));
        for (Object env :
            List.of(
                Tree.list(Tree.get(doc.tree(), "spec", "env")),
                Tree.list(Tree.get(doc.tree(), "spec", "java", "env")))) {
          for (Object var : (List<?>) env) {
            put(settings, Tree.text(Tree.get(var, "name")), Tree.get(var, "value"));
          }
        }
        checkApp(files, doc, doc.at("spec"), settings, problems);
      }
    }
    return problems;
  }

  private static boolean instrumented(Context context) {
    Map<String, String> values = context.values();
    return values.containsKey("OTEL_JAVAAGENT_EXTENSIONS")
        || values.containsKey("AWS_LAMBDA_EXEC_WRAPPER")
        || context.strings().stream().anyMatch(s -> s.contains("-javaagent:"));
  }

  private static void checkApp(
      RecipeFiles files, Doc doc, String at, Map<String, String> settings, List<String> problems) {
    String folder = doc.recipe().folder();
    boolean daemonSet = doc.recipe().daemonSetFolder();
    List<CollectorConfig> collectors = files.collectorConfigsIn(folder);

    String sampler = settings.getOrDefault("OTEL_TRACES_SAMPLER", "xray");
    String argEndpoint = null;
    String arg = settings.get("OTEL_TRACES_SAMPLER_ARG");
    if (arg != null) {
      for (String entry : arg.split(",")) {
        int eq = entry.indexOf('=');
        if (eq > 0 && entry.substring(0, eq).strip().equals("endpoint")) {
          argEndpoint = entry.substring(eq + 1).strip();
        }
      }
    }
    if (!SAMPLERS.contains(sampler)) {
      problems.add(
          at
              + "OTEL_TRACES_SAMPLER="
              + sampler
              + " is not a sampler the agent or otel-xray-extension provides "
              + SAMPLERS);
    }
    if (!sampler.equals("xray") && argEndpoint != null) {
      problems.add(
          at
              + "OTEL_TRACES_SAMPLER_ARG endpoint="
              + argEndpoint
              + " only means something to the xray sampler, not "
              + sampler);
    }
    if (sampler.equals("xray")) {
      String endpoint = argEndpoint;
      String what = "OTEL_TRACES_SAMPLER_ARG endpoint";
      if (endpoint == null && settings.get("AWS_XRAY_DAEMON_ADDRESS") != null) {
        endpoint = "http://" + settings.get("AWS_XRAY_DAEMON_ADDRESS");
        what = "AWS_XRAY_DAEMON_ADDRESS";
      }
      if (endpoint == null) {
        endpoint = "http://localhost:2000";
        what = "the xray sampler's default endpoint";
      }
      checkUrl(at, what, endpoint, daemonSet, "2000", problems);
      if (collectors.stream().noneMatch(CollectorConfig::servesAwsProxy)) {
        problems.add(
            at
                + "the xray sampler asks the collector's awsproxy for X-Ray's sampling rules, but no"
                + " collector config in "
                + folder
                + "/ defines awsproxy in service.extensions");
      }
    }

    String exporter = settings.get("OTEL_TRACES_EXPORTER");
    if (exporter != null && !exporter.contains("otlp")) {
      problems.add(
          at + "OTEL_TRACES_EXPORTER=" + exporter + ": spans must go to the collector over OTLP");
    }
    boolean grpc = "grpc".equals(settings.get("OTEL_EXPORTER_OTLP_PROTOCOL"));
    String port = grpc ? "4317" : "4318";
    String what = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    String endpoint = settings.get(what);
    if (endpoint == null) {
      what = "OTEL_EXPORTER_OTLP_ENDPOINT";
      endpoint = settings.get(what);
    }
    if (endpoint == null) {
      what = "the OTLP exporter's default endpoint";
      endpoint = "http://localhost:" + port;
    }
    checkUrl(at, what, endpoint, daemonSet, port, problems);
    if (collectors.isEmpty()) {
      problems.add(
          at
              + "the app exports OTLP but there is no collector config in "
              + folder
              + "/ to receive it");
    }
  }

  private static void checkUrl(
      String at, String what, String url, boolean daemonSet, String port, List<String> problems) {
    Matcher matcher = URL.matcher(url.strip());
    if (!matcher.matches()) {
      problems.add(at + what + " '" + url + "' is not an http(s)://host:port URL");
      return;
    }
    String host = matcher.group(2);
    if (daemonSet && !host.equals(NODE_IP_HOST)) {
      problems.add(
          at
              + what
              + " '"
              + url
              + "': the host must be $(OTEL_NODE_IP), the DaemonSet collector on the app's node");
    } else if (!daemonSet && !LOCAL_HOSTS.contains(host)) {
      problems.add(
          at
              + what
              + " '"
              + url
              + "': the host must be localhost or 127.0.0.1, the collector next to the app");
    }
    if (!matcher.group(3).equals(port)) {
      problems.add(at + what + " '" + url + "': the port must be " + port);
    }
  }

  private static void put(Map<String, String> settings, String name, Object value) {
    String text = Tree.text(value);
    if (name != null && text != null) {
      settings.put(name, text);
    }
  }
}
