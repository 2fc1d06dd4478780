/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import java.util.List;
import java.util.Map;

/** Navigation over the parsed trees (maps, lists, scalars) of YAML and JSON recipes. */
final class Tree {

  private Tree() {}

  /** A map-like node's child, or {@code null}. */
  static Object get(Object node, String... keys) {
    Object current = node;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  static Map<?, ?> map(Object node) {
    return node instanceof Map<?, ?> map ? map : null;
  }

  static List<?> list(Object node) {
    return node instanceof List<?> list ? list : List.of();
  }

  /** Scalars as text (numbers and booleans too); {@code null} for maps, lists and nulls. */
  static String text(Object node) {
    if (node instanceof String || node instanceof Number || node instanceof Boolean) {
      return String.valueOf(node);
    }
    return null;
  }

  /** A path element for a list item: the item's name when it has one, else its index. */
  static String item(String path, int index, Object element) {
    String name = text(get(element, "name"));
    if (name == null) {
      name = text(get(element, "Name"));
    }
    return path + "[" + (name != null ? name : String.valueOf(index)) + "]";
  }

  static String child(String path, Object key) {
    return path.isEmpty() ? String.valueOf(key) : path + "." + key;
  }

  /** Visits every scalar (keys and values) under {@code node} with its path. */
  static void walkScalars(Object node, String path, ScalarVisitor visitor) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String keyPath = child(path, entry.getKey());
        String key = text(entry.getKey());
        if (key != null) {
          visitor.visit(keyPath + " (key)", key);
        }
        walkScalars(entry.getValue(), keyPath, visitor);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walkScalars(list.get(i), item(path, i, list.get(i)), visitor);
      }
    } else {
      String text = text(node);
      if (text != null) {
        visitor.visit(path, text);
      }
    }
  }

  /** Visits every map under {@code node} (itself included) with its path. */
  static void walkMaps(Object node, String path, MapVisitor visitor) {
    if (node instanceof Map<?, ?> map) {
      visitor.visit(path, map);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        walkMaps(entry.getValue(), child(path, entry.getKey()), visitor);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walkMaps(list.get(i), item(path, i, list.get(i)), visitor);
      }
    }
  }

  @FunctionalInterface
  interface ScalarVisitor {
    void visit(String path, String value);
  }

  @FunctionalInterface
  interface MapVisitor {
    void visit(String path, Map<?, ?> map);
  }
}
