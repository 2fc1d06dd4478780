/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import io.github.otelxray.recipes.EnvVars.Context;
import io.github.otelxray.recipes.Recipe.Doc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Jar names and paths agree with the build: the extension jar is the extension module's {@code
 * <finalName>}.jar (read from its pom, so a rename is caught), -javaagent points at
 * opentelemetry-javaagent.jar (the agent's release name) or javaagent.jar (its name in the init
 * image, as in the Operator's agent image), OTEL_JAVAAGENT_EXTENSIONS names the extension jar or a
 * directory, and a container's jar paths lie on a volume mounted in that container.
 */
final class JarPathCheck {

  static final String AGENT_JAR = "opentelemetry-javaagent.jar";
  static final String AGENT_JAR_IN_IMAGE = "javaagent.jar";
  private static final Pattern JAR = Pattern.compile("[^\\s\"',;=:]*\\.jar(?![A-Za-z0-9_.-])");
  private static final Pattern JAVAAGENT = Pattern.compile("-javaagent:([^\\s\"',;]*)");
  private static final Pattern EXTENSIONS_PROPERTY =
      Pattern.compile("-Dotel\\.javaagent\\.extensions=([^\\s\"']*)");

  final String extensionJar;

  JarPathCheck(String extensionJar) {
    this.extensionJar = extensionJar;
  }

  /** The extension jar's name as the build writes it: the extension pom's build/finalName. */
  static JarPathCheck fromBuild(Path extensionModule) {
    Path pom = extensionModule.resolve("pom.xml");
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Element project =
          factory.newDocumentBuilder().parse(Files.newInputStream(pom)).getDocumentElement();
      for (Node build = project.getFirstChild(); build != null; build = build.getNextSibling()) {
        if ("build".equals(build.getNodeName())) {
          for (Node n = build.getFirstChild(); n != null; n = n.getNextSibling()) {
            if ("finalName".equals(n.getNodeName())) {
              return new JarPathCheck(n.getTextContent().strip() + ".jar");
            }
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + pom.toAbsolutePath(), e);
    }
    throw new IllegalStateException(pom.toAbsolutePath() + " has no <build><finalName>");
  }

  List<String> check(RecipeFiles files, List<Context> contexts) {
    List<String> problems = new ArrayList<>();
    for (Doc doc : files.docs()) {
      checkStrings(doc, "", doc.tree(), problems);
    }
    for (CollectorConfig config : files.collectorConfigs) {
      if (config.embedded()) {
        checkStrings(config.doc(), config.where() + " > ", config.config(), problems);
      }
    }
    for (Context context : contexts) {
      checkContext(context, problems);
    }
    return problems;
  }

  private void checkStrings(Doc doc, String prefix, Object tree, List<String> problems) {
    Tree.walkScalars(
        tree,
        "",
        (path, value) -> {
          if (RecipeFiles.looksLikeCollectorConfig(value)) {
            return; // checked as a parsed config, without its comments
          }
          String at = doc.at(prefix + path);
          Matcher jar = JAR.matcher(value);
          while (jar.find()) {
            checkJarName(at, jar.group(), problems);
          }
          Matcher agent = JAVAAGENT.matcher(value);
          while (agent.find()) {
            if (!isAgentJar(basename(agent.group(1)))) {
              problems.add(
                  at
                      + "-javaagent:"
                      + agent.group(1)
                      + " must point to .../"
                      + AGENT_JAR
                      + " or .../"
                      + AGENT_JAR_IN_IMAGE);
            }
          }
          Matcher extensions = EXTENSIONS_PROPERTY.matcher(value);
          while (extensions.find()) {
            checkExtensionsValue(at, "-Dotel.javaagent.extensions", extensions.group(1), problems);
          }
        });
  }

  private void checkJarName(String at, String jarPath, List<String> problems) {
    String name = basename(jarPath);
    String lower = name.toLowerCase(Locale.ROOT);
    if ((lower.endsWith("extension.jar") || lower.contains("xray")) && !name.equals(extensionJar)) {
      problems.add(
          at
              + "'"
              + jarPath
              + "': the extension jar is "
              + extensionJar
              + " (the extension module's finalName)");
    } else if (lower.contains("javaagent") && !isAgentJar(name)) {
      problems.add(
          at + "'" + jarPath + "': the agent jar is " + AGENT_JAR + " or " + AGENT_JAR_IN_IMAGE);
    }
  }

  private static boolean isAgentJar(String name) {
    return name.equals(AGENT_JAR) || name.equals(AGENT_JAR_IN_IMAGE);
  }

  private void checkExtensionsValue(String at, String what, String value, List<String> problems) {
    for (String item : value.split(",")) {
      String path = item.strip();
      String lower = basename(path).toLowerCase(Locale.ROOT);
      boolean reportedAsJarName = lower.endsWith("extension.jar") || lower.contains("xray");
      if (path.endsWith(".jar") && !basename(path).equals(extensionJar) && !reportedAsJarName) {
        problems.add(
            at + what + "=" + value + " must name .../" + extensionJar + " or a directory");
      }
    }
  }

  private void checkContext(Context context, List<String> problems) {
    List<String> jarPaths = new ArrayList<>();
    for (EnvVars.EnvVar var : context.vars()) {
      if (var.value() == null) {
        continue;
      }
      if (var.name().equals("OTEL_JAVAAGENT_EXTENSIONS")) {
        checkExtensionsValue(
            context.at(var.path()), "OTEL_JAVAAGENT_EXTENSIONS", var.value(), problems);
        for (String item : var.value().split(",")) {
          jarPaths.add(item.strip());
        }
      }
      Matcher agent = JAVAAGENT.matcher(var.value());
      while (agent.find()) {
        jarPaths.add(agent.group(1));
      }
    }
    if (!context.container()) {
      return;
    }
    List<String> mounts = mounts(context.owner());
    if (mounts.isEmpty()) {
      return; // jars baked into the image: nothing to compare
    }
    for (String jarPath : jarPaths) {
      if (jarPath.startsWith("/") && mounts.stream().noneMatch(m -> under(jarPath, m))) {
        problems.add(
            context.at(context.path())
                + "'"
                + jarPath
                + "' is not on any volume mounted in this container "
                + mounts
                + ": the init container's copy is not where the JVM looks");
      }
    }
  }

  /** Mount paths of a Kubernetes container (volumeMounts) or an ECS container (mountPoints). */
  static List<String> mounts(Map<?, ?> container) {
    List<String> mounts = new ArrayList<>();
    for (Object mount : Tree.list(container.get("volumeMounts"))) {
      add(mounts, Tree.get(mount, "mountPath"));
    }
    for (Object mount : Tree.list(container.get("mountPoints"))) {
      add(mounts, Tree.get(mount, "containerPath"));
    }
    for (Object mount : Tree.list(container.get("MountPoints"))) {
      add(mounts, Tree.get(mount, "ContainerPath"));
    }
    return mounts;
  }

  private static void add(List<String> mounts, Object path) {
    String text = Tree.text(path);
    if (text != null) {
      mounts.add(text);
    }
  }

  private static boolean under(String path, String mount) {
    String dir = mount.endsWith("/") ? mount : mount + "/";
    return path.startsWith(dir);
  }

  static String basename(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
