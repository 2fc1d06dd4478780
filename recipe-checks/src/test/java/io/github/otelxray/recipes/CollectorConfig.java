/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import java.util.Map;

/**
 * A collector configuration: a standalone collector.yaml, or one embedded as a string (a
 * ConfigMap's data.collector.yaml).
 *
 * @param where the path of the embedding string inside {@code doc}, empty for a standalone file
 */
record CollectorConfig(Recipe.Doc doc, String where, Map<?, ?> config) {

  boolean embedded() {
    return !where.isEmpty();
  }

  /** Problem prefix for {@code path} inside this config. */
  String at(String path) {
    String inner = embedded() ? where + " > " + path : path;
    return doc.at(inner);
  }

  boolean daemonSet() {
    return doc.recipe().daemonSetFolder();
  }

  String folder() {
    return doc.recipe().folder();
  }

  /** Whether an extension of type awsproxy is defined and enabled in service.extensions. */
  boolean servesAwsProxy() {
    Map<?, ?> extensions = Tree.map(config.get("extensions"));
    if (extensions == null) {
      return false;
    }
    for (Object id : Tree.list(Tree.get(config, "service", "extensions"))) {
      String name = Tree.text(id);
      if (name != null && type(name).equals("awsproxy") && extensions.containsKey(name)) {
        return true;
      }
    }
    return false;
  }

  /** The type of a component id: "batch/traces" is a "batch". */
  static String type(String componentId) {
    int slash = componentId.indexOf('/');
    return slash < 0 ? componentId : componentId.substring(0, slash);
  }
}
