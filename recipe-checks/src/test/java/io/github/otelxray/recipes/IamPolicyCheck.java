/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import io.github.otelxray.recipes.Recipe.Doc;
import io.github.otelxray.recipes.Recipe.Kind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IAM policies (policy JSON files and CloudFormation PolicyDocuments): the collector's X-Ray policy
 * allows exactly what the awsxray exporter and the awsproxy need (PutTraceSegments,
 * PutTelemetryRecords, GetSamplingRules, GetSamplingTargets; GetSamplingStatisticSummaries
 * optional) and nothing more; no policy grants "*" or "service:*" actions or uses NotAction.
 */
final class IamPolicyCheck {

  static final Set<String> REQUIRED =
      Set.of(
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords",
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets");
  static final Set<String> OPTIONAL = Set.of("xray:GetSamplingStatisticSummaries");

  /**
   * A policy for X-Ray's OTLP traces endpoint (the service itself without a collector, or a
   * collector's otlphttp exporter with sigv4auth): the two span actions, and the sampling rules.
   */
  static final Set<String> OTLP_REQUIRED =
      Set.of(
          "xray:PutSpans",
          "xray:PutSpansForIndexing",
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets");

  List<String> check(RecipeFiles files) {
    List<String> problems = new ArrayList<>();
    for (Doc doc : files.docs()) {
      if (doc.recipe().kind() == Kind.IAM_POLICY) {
        boolean taskRole = doc.recipe().path().getFileName().toString().contains("task-role");
        checkPolicy(doc, "", Tree.map(doc.tree()), taskRole, problems);
      } else if (doc.recipe().kind() == Kind.CLOUDFORMATION) {
        Tree.walkMaps(
            doc.tree(),
            "",
            (path, map) -> {
              Map<?, ?> policy = Tree.map(map.get("PolicyDocument"));
              if (policy != null) {
                checkPolicy(doc, Tree.child(path, "PolicyDocument"), policy, false, problems);
              }
            });
      }
    }
    return problems;
  }

  private static void checkPolicy(
      Doc doc, String path, Map<?, ?> policy, boolean mustBeXRay, List<String> problems) {
    if (!"2012-10-17".equals(Tree.text(policy.get("Version")))) {
      problems.add(
          doc.at(Tree.child(path, "Version"))
              + "must be \"2012-10-17\" (older versions do not expand variables)");
    }
    Object statements = policy.get("Statement");
    List<?> list = statements instanceof Map ? List.of(statements) : Tree.list(statements);
    Set<String> allowed = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Object statement = list.get(i);
      String at = doc.at(Tree.item(Tree.child(path, "Statement"), i, statement));
      String effect = Tree.text(Tree.get(statement, "Effect"));
      if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
        problems.add(at + "Effect must be Allow or Deny, not " + effect);
      }
      if (Tree.get(statement, "NotAction") != null && "Allow".equals(effect)) {
        problems.add(at + "Allow with NotAction grants almost everything");
      }
      Object action = Tree.get(statement, "Action");
      List<?> actions = action instanceof String ? List.of(action) : Tree.list(action);
      for (Object a : actions) {
        String name = String.valueOf(a);
        if (name.equals("*") || name.endsWith(":*")) {
          problems.add(
              at + "wildcard action '" + name + "': grant the actions needed, nothing more");
        }
        if ("Allow".equals(effect)) {
          allowed.add(name);
        }
      }
    }
    boolean xray = mustBeXRay || allowed.stream().anyMatch(a -> a.startsWith("xray:"));
    if (!xray) {
      return;
    }
    boolean otlp =
        allowed.contains("xray:PutSpans") || allowed.contains("xray:PutSpansForIndexing");
    Set<String> requiredSet = otlp ? OTLP_REQUIRED : REQUIRED;
    for (String required : requiredSet) {
      if (!allowed.contains(required)) {
        problems.add(
            doc.at(path)
                + "the X-Ray policy does not allow "
                + required
                + (required.startsWith("xray:GetSampling")
                    ? " (remote sampling needs it)"
                    : otlp
                        ? " (the OTLP traces endpoint needs it)"
                        : " (the awsxray exporter needs it)"));
      }
    }
    for (String action : allowed) {
      if (!requiredSet.contains(action)
          && !OPTIONAL.contains(action)
          && !action.endsWith(":*")
          && !action.equals("*")) {
        problems.add(
            doc.at(path)
                + "the X-Ray policy also allows "
                + action
                + ", which "
                + (otlp ? "the OTLP export and sampling do" : "the collector does")
                + " not need");
      }
    }
  }
}
