/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import io.github.otelxray.recipes.EnvVars.Context;
import io.github.otelxray.recipes.EnvVars.EnvVar;
import io.github.otelxray.recipes.Recipe.Doc;
import io.github.otelxray.recipes.Recipe.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every env var name and -D system property name in the recipes is one the agent, the SDK, the
 * extension or the platform reads (a typo is silently ignored at run time, so it is caught here);
 * OTEL_NODE_IP comes from the downward API; $(VAR) references only name variables defined before
 * them (Kubernetes leaves anything else as literal text); no name is set twice in one container.
 */
final class EnvVarCheck {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** -Dkey or -Dkey=value, for the product's and the agent's namespaces. */
  static final Pattern SYSTEM_PROPERTY =
      Pattern.compile("(?<![\\w-])-D((?:otel\\.|com\\.amazonaws\\.xray\\.)[A-Za-z0-9_.\\-]*)");

  private static final Pattern DEPENDENT = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private final EnvVarNames names;

  EnvVarCheck(EnvVarNames names) {
    this.names = names;
  }

  List<String> check(RecipeFiles files, List<Context> contexts) {
    List<String> problems = new ArrayList<>();
    for (Context context : contexts) {
      checkContext(context, problems);
    }
    for (Doc doc : files.docs()) {
      Tree.walkScalars(
          doc.tree(),
          "",
          (path, value) -> {
            Matcher matcher = SYSTEM_PROPERTY.matcher(value);
            while (matcher.find()) {
              checkProperty(doc.at(path), matcher.group(1), "-D" + matcher.group(1), problems);
            }
          });
      if (doc.recipe().kind() == Kind.PROPERTIES) {
        for (Object key : ((Map<?, ?>) doc.tree()).keySet()) {
          checkProperty(doc.at(String.valueOf(key)), String.valueOf(key), "property", problems);
        }
      }
    }
    return problems;
  }

  private void checkContext(Context context, List<String> problems) {
    Set<String> defined = new HashSet<>();
    for (EnvVar var : context.vars()) {
      String at = context.at(var.path());
      String name = var.name();
      if (!NAME.matcher(name).matches()) {
        problems.add(at + "'" + name + "' is not a valid environment variable name");
      } else if (name.equals(EnvVarNames.NODE_IP)) {
        Object fieldPath = Tree.get(var.valueFrom(), "fieldRef", "fieldPath");
        if (!context.kubernetes() || !"status.hostIP".equals(fieldPath)) {
          problems.add(
              at
                  + "OTEL_NODE_IP must come from the downward API (valueFrom.fieldRef.fieldPath:"
                  + " status.hostIP) of a Kubernetes container");
        }
      } else if (!names.knownEnv(name)) {
        String suggestion = names.suggestEnv(name);
        problems.add(
            at
                + "unknown env var "
                + name
                + ": neither the agent, the SDK, otel-xray-extension nor the platform reads it"
                + (suggestion != null ? " (did you mean " + suggestion + "?)" : ""));
      }
      if (var.value() != null) {
        Matcher matcher = DEPENDENT.matcher(var.value());
        while (matcher.find()) {
          String referenced = matcher.group(1);
          if (!context.kubernetes()) {
            problems.add(
                at
                    + "$("
                    + referenced
                    + ") is only expanded by Kubernetes; here it stays literal text");
          } else if (!defined.contains(referenced)
              && !(context.instrumentation() && referenced.equals(EnvVarNames.NODE_IP))) {
            problems.add(
                at
                    + "$("
                    + referenced
                    + ") refers to a variable not defined before it in this container:"
                    + " Kubernetes leaves it as literal text");
          }
        }
      }
      if (!defined.add(name)) {
        problems.add(at + name + " is set more than once in the same container");
      }
    }
  }

  private void checkProperty(String at, String name, String shown, List<String> problems) {
    if (names.knownProperty(name)) {
      return;
    }
    String suggestion = names.suggestProperty(name);
    problems.add(
        at
            + "unknown system property "
            + shown
            + ": neither the agent, the SDK nor otel-xray-extension reads it"
            + (suggestion != null ? " (did you mean " + suggestion + "?)" : ""));
  }
}
