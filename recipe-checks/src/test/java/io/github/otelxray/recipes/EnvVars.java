/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import io.github.otelxray.recipes.Recipe.Doc;
import io.github.otelxray.recipes.Recipe.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment variables the recipes set, grouped by the container (or unit, or Lambda function)
 * that gets them: ECS environment/secrets (task definition JSON and CloudFormation), Kubernetes env
 * (containers and the Operator's Instrumentation), compose environment, CloudFormation
 * Environment.Variables, systemd Environment= lines.
 */
final class EnvVars {

  private static final List<String> ENV_KEYS =
      List.of("env", "environment", "Environment", "secrets", "Secrets");
  private static final Set<Kind> KINDS =
      Set.of(
          Kind.KUBERNETES,
          Kind.ECS_TASK_DEFINITION,
          Kind.CLOUDFORMATION,
          Kind.COMPOSE,
          Kind.SYSTEMD_UNIT);

  private EnvVars() {}

  /** One variable: its value is null when it comes from elsewhere (valueFrom, Ref, secret). */
  record EnvVar(String path, String name, String value, Object valueFrom) {}

  /** The variables of one container / unit / function, in order, with the map that holds them. */
  record Context(Doc doc, String path, Map<?, ?> owner, List<EnvVar> vars) {

    String at(String subPath) {
      return doc.at(subPath);
    }

    boolean kubernetes() {
      return doc.recipe().kind() == Kind.KUBERNETES;
    }

    /** The Operator's Instrumentation: the Operator adds OTEL_NODE_IP itself. */
    boolean instrumentation() {
      return doc.isKind("Instrumentation");
    }

    /** A container definition (has an image), as opposed to a unit or an Instrumentation. */
    boolean container() {
      return !instrumentation() && (owner.containsKey("image") || owner.containsKey("Image"));
    }

    /** Name to value, the last one winning as on every platform. */
    Map<String, String> values() {
      Map<String, String> values = new LinkedHashMap<>();
      for (EnvVar var : vars) {
        values.put(var.name(), var.value());
      }
      return values;
    }

    /** Every string under the owner: env values, command, args, ExecStart. */
    List<String> strings() {
      List<String> strings = new ArrayList<>();
      Tree.walkScalars(owner, "", (p, value) -> strings.add(value));
      return strings;
    }
  }

  static List<Context> of(RecipeFiles files) {
    List<Context> contexts = new ArrayList<>();
    for (Doc doc : files.docs()) {
      if (!KINDS.contains(doc.recipe().kind())) {
        continue;
      }
      Tree.walkMaps(
          doc.tree(),
          "",
          (path, map) -> {
            List<EnvVar> vars = new ArrayList<>();
            for (String key : ENV_KEYS) {
              collect(doc, Tree.child(path, key), map.get(key), vars);
            }
            if (!vars.isEmpty()) {
              contexts.add(new Context(doc, path, map, vars));
            }
          });
    }
    return contexts;
  }

  private static void collect(Doc doc, String path, Object node, List<EnvVar> vars) {
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        String itemPath = Tree.item(path, i, item);
        if (item instanceof Map<?, ?> entry) {
          String name = Tree.text(first(entry, "name", "Name"));
          if (name != null) {
            vars.add(
                new EnvVar(
                    itemPath,
                    name,
                    Tree.text(first(entry, "value", "Value")),
                    first(entry, "valueFrom", "ValueFrom")));
          }
        } else if (item instanceof String assignment && doc.recipe().kind() == Kind.COMPOSE) {
          int eq = assignment.indexOf('=');
          vars.add(
              new EnvVar(
                  itemPath,
                  eq < 0 ? assignment : assignment.substring(0, eq),
                  eq < 0 ? null : assignment.substring(eq + 1),
                  null));
        }
      }
    } else if (node instanceof Map<?, ?> map) {
      Map<?, ?> variables = Tree.map(map.get("Variables")); // CloudFormation / SAM Lambda functions
      if (variables == null && doc.recipe().kind() == Kind.COMPOSE) {
        variables = map;
      }
      if (variables != null) {
        String base = variables == map ? path : path + ".Variables";
        for (Map.Entry<?, ?> entry : variables.entrySet()) {
          vars.add(
              new EnvVar(
                  Tree.child(base, entry.getKey()),
                  String.valueOf(entry.getKey()),
                  Tree.text(entry.getValue()),
                  entry.getValue() instanceof Map ? entry.getValue() : null));
        }
      }
    }
  }

  private static Object first(Map<?, ?> map, String... keys) {
    for (String key : keys) {
      if (map.containsKey(key)) {
        return map.get(key);
      }
    }
    return null;
  }
}
