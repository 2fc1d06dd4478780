/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import java.nio.file.Path;
import java.util.List;

/**
 * One parsed recipe file under collector-config/.
 *
 * @param rel the path relative to the recipes folder, with '/' separators (used in problems)
 * @param folder the platform folder (local, ecs, eks, ec2, lambda), the first path segment
 * @param kind what the file is
 * @param docs its documents (several for multi-document Kubernetes manifests)
 */
record Recipe(Path path, String rel, String folder, Kind kind, List<Doc> docs) {

  enum Kind {
    COLLECTOR_CONFIG,
    KUBERNETES,
    ECS_TASK_DEFINITION,
    CLOUDFORMATION,
    IAM_POLICY,
    SAMPLING_RULES,
    COMPOSE,
    SYSTEMD_UNIT,
    PROPERTIES,
    /** The agent's declarative configuration file (otel.config.file). */
    SDK_CONFIG
  }

  /** The platform whose collector is a DaemonSet reached at the node IP; all others are local. */
  boolean daemonSetFolder() {
    return "eks".equals(folder);
  }

  /** One document of a recipe file. */
  record Doc(Recipe recipe, int index, Object tree) {

    /** "kind/name" of a Kubernetes document, else empty. */
    String label() {
      if (recipe.kind() != Kind.KUBERNETES) {
        return "";
      }
      return Tree.text(Tree.get(tree, "kind"))
          + "/"
          + Tree.text(Tree.get(tree, "metadata", "name"));
    }

    boolean isKind(String kubernetesKind) {
      return kubernetesKind.equals(Tree.text(Tree.get(tree, "kind")));
    }

    /** "file: [Kind/name] path: " prefix for a problem. */
    String at(String path) {
      String label = label();
      StringBuilder out = new StringBuilder(recipe.rel()).append(": ");
      if (!label.isEmpty()) {
        out.append(label).append(' ');
      }
      if (!path.isEmpty()) {
        out.append(path).append(": ");
      }
      return out.toString();
    }
  }
}
