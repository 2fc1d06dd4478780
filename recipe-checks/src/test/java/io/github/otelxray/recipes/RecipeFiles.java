/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import com.fasterxml.jackson.jr.ob.JSON;
import io.github.otelxray.recipes.Recipe.Doc;
import io.github.otelxray.recipes.Recipe.Kind;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Finds and parses every recipe under a collector-config folder: YAML (multi-document), JSON,
 * systemd units and properties files; classifies each; and pulls out the collector configs, both
 * standalone and embedded as strings (ConfigMaps). Parse errors and unrecognized files are
 * problems, so that nothing under the folder goes unchecked.
 */
final class RecipeFiles {

  private static final Pattern EMBEDDED_SERVICE = Pattern.compile("(?m)^\\s*service:\\s*$");
  private static final Pattern EMBEDDED_COMPONENTS =
      Pattern.compile("(?m)^\\s*(receivers|exporters):\\s*$");

  final Path root;
  final List<Recipe> recipes = new ArrayList<>();
  final List<CollectorConfig> collectorConfigs = new ArrayList<>();
  final List<String> problems = new ArrayList<>();

  private RecipeFiles(Path root) {
    this.root = root;
  }

  static RecipeFiles load(Path root) {
    RecipeFiles files = new RecipeFiles(root);
    if (!Files.isDirectory(root)) {
      files.problems.add(root + ": recipe folder not found");
      return files;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      files.problems.add(root + ": cannot list: " + e);
      return files;
    }
    for (Path path : paths) {
      files.read(path);
    }
    for (Recipe recipe : files.recipes) {
      files.findCollectorConfigs(recipe);
    }
    boolean standalone =
        files.recipes.stream()
            .anyMatch(
                r -> r.kind() == Kind.COLLECTOR_CONFIG && r.path().endsWith("collector.yaml"));
    if (!standalone) {
      files.problems.add(root + ": no collector.yaml with a collector config found");
    }
    return files;
  }

  List<Recipe> ofKind(Kind kind) {
    return recipes.stream().filter(r -> r.kind() == kind).toList();
  }

  List<Doc> docs() {
    return recipes.stream().flatMap(r -> r.docs().stream()).toList();
  }

  /** The collector configs of a platform folder. */
  List<CollectorConfig> collectorConfigsIn(String folder) {
    return collectorConfigs.stream().filter(c -> c.folder().equals(folder)).toList();
  }

  /**
   * Whether {@code value} is a string holding a collector config (checked as such, not as text).
   */
  static boolean looksLikeCollectorConfig(String value) {
    return value.indexOf('\n') >= 0
        && EMBEDDED_SERVICE.matcher(value).find()
        && EMBEDDED_COMPONENTS.matcher(value).find();
  }

  private void read(Path path) {
    String rel = root.relativize(path).toString().replace('\\', '/');
    String folder =
        path.getParent().equals(root) ? "" : root.relativize(path).getName(0).toString();
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(rel + ": cannot read: " + e);
      return;
    }
    List<Object> trees = new ArrayList<>();
    Kind fixedKind = null;
    try {
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        for (Object doc : yaml().loadAll(text)) {
          if (doc != null) {
            trees.add(doc);
          }
        }
      } else if (name.endsWith(".json")) {
        trees.add(JSON.std.anyFrom(text));
      } else if (name.endsWith(".service")) {
        trees.add(systemdUnit(text));
        fixedKind = Kind.SYSTEMD_UNIT;
      } else if (name.endsWith(".properties")) {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        trees.add(new TreeMap<>(properties));
        fixedKind = Kind.PROPERTIES;
      } else {
        return; // README.md and other prose: not a recipe
      }
    } catch (RuntimeException | IOException e) {
      problems.add(rel + ": does not parse: " + oneLine(String.valueOf(e.getMessage())));
      return;
    }
    if (trees.isEmpty()) {
      problems.add(rel + ": empty");
      return;
    }
    Kind kind = fixedKind != null ? fixedKind : classify(trees.get(0));
    if (kind == null) {
      problems.add(
          rel
              + ": not a recognized recipe (collector config, Kubernetes manifest, ECS task"
              + " definition, CloudFormation template, IAM policy, sampling rules, compose file):"
              + " teach RecipeFiles about it so that it is checked");
      return;
    }
    for (int i = 1; i < trees.size(); i++) {
      if (classify(trees.get(i)) != kind) {
        problems.add(rel + ": document " + (i + 1) + " is not a " + kind + " like the first one");
      }
    }
    List<Doc> docs = new ArrayList<>();
    Recipe recipe = new Recipe(path, rel, folder, kind, docs);
    for (int i = 0; i < trees.size(); i++) {
      docs.add(new Doc(recipe, i, trees.get(i)));
    }
    recipes.add(recipe);
  }

  private void findCollectorConfigs(Recipe recipe) {
    for (Doc doc : recipe.docs()) {
      if (recipe.kind() == Kind.COLLECTOR_CONFIG) {
        collectorConfigs.add(new CollectorConfig(doc, "", Tree.map(doc.tree())));
        continue;
      }
      Tree.walkScalars(
          doc.tree(),
          "",
          (path, value) -> {
            if (!looksLikeCollectorConfig(value)) {
              return;
            }
            Object tree;
            try {
              tree = yaml().load(value);
            } catch (RuntimeException e) {
              problems.add(
                  doc.at(path)
                      + "embedded collector config does not parse: "
                      + oneLine(e.getMessage()));
              return;
            }
            if (classify(tree) != Kind.COLLECTOR_CONFIG) {
              problems.add(
                  doc.at(path) + "embedded YAML looks like a collector config but is not one");
              return;
            }
            collectorConfigs.add(new CollectorConfig(doc, path, Tree.map(tree)));
          });
    }
  }

  static Kind classify(Object tree) {
    if (!(tree instanceof Map<?, ?> map)) {
      return null;
    }
    if (map.containsKey("apiVersion") && map.containsKey("kind")) {
      return Kind.KUBERNETES;
    }
    if (map.containsKey("AWSTemplateFormatVersion") || map.get("Resources") instanceof Map) {
      return Kind.CLOUDFORMATION;
    }
    if (map.containsKey("containerDefinitions")) {
      return Kind.ECS_TASK_DEFINITION;
    }
    if (map.containsKey("Statement")) {
      return Kind.IAM_POLICY;
    }
    if (map.containsKey("service")
        && (map.containsKey("receivers") || map.containsKey("exporters"))) {
      return Kind.COLLECTOR_CONFIG;
    }
    if (map.containsKey("file_format")) {
      return Kind.SDK_CONFIG;
    }
    if (map.containsKey("services")) {
      return Kind.COMPOSE;
    }
    if (map.containsKey("rules") || (map.containsKey("default") && map.containsKey("version"))) {
      return Kind.SAMPLING_RULES;
    }
    return null;
  }

  /**
   * A systemd unit as a tree: sections of keys; {@code Environment=} lines become a list of {name,
   * value} under the section's "Environment", like the env lists of the other recipes.
   */
  static Map<String, Object> systemdUnit(String text) {
    Map<String, Object> unit = new LinkedHashMap<>();
    Map<String, Object> section = unit;
    StringBuilder logical = new StringBuilder();
    for (String raw : text.split("\r?\n", -1)) {
      String line = raw.strip();
      if (logical.length() == 0 && (line.startsWith("#") || line.startsWith(";"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        logical.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      logical.append(line);
      line = logical.toString().strip();
      logical.setLength(0);
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = new LinkedHashMap<>();
        unit.put(line.substring(1, line.length() - 1), section);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("not a Key=Value line: " + line);
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (key.equals("Environment")) {
        @SuppressWarnings("unchecked")
        List<Object> env =
            (List<Object>) section.computeIfAbsent("Environment", k -> new ArrayList<>());
        for (String assignment : shellWords(value)) {
          int at = assignment.indexOf('=');
          if (at <= 0) {
            throw new IllegalArgumentException("Environment= without NAME=value: " + assignment);
          }
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("name", assignment.substring(0, at));
          entry.put("value", assignment.substring(at + 1));
          env.add(entry);
        }
      } else {
        section.merge(key, value, (a, b) -> a + "\n" + b);
      }
    }
    return unit;
  }

  /** Splits on blanks outside double or single quotes, dropping the quotes. */
  static List<String> shellWords(String value) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : value.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\n\\s*", " ").strip();
  }

  /**
   * A safe YAML loader that rejects duplicate keys, keeps dates as strings ("2012-10-17") and
   * accepts unknown tags (CloudFormation's !Sub, !Ref, ...) as the plain value they tag.
   */
  static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(
        new TolerantConstructor(options), new Representer(dumper), dumper, options, new NoDates());
  }

  private static final class TolerantConstructor extends SafeConstructor {
    TolerantConstructor(LoaderOptions options) {
      super(options);
      this.yamlConstructors.put(null, new PlainValue());
    }

    private final class PlainValue extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        if (node instanceof ScalarNode scalar) {
          return constructScalar(scalar);
        }
        if (node instanceof SequenceNode sequence) {
          return constructSequence(sequence);
        }
        return constructMapping((MappingNode) node);
      }
    }
  }

  private static final class NoDates extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
      addImplicitResolver(Tag.INT, INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<");
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }
}
