/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the jars and JDKs are. The Maven build writes the jar paths into {@code smoke.properties}
 * (resource filtering) and copies the agent jars from Maven Central; JDKs are found on disk.
 */
public final class SmokeEnvironment {

  private static final Properties PROPERTIES = load();

  private SmokeEnvironment() {}

  public static Path agentJar() {
    return existing("agent.jar");
  }

  public static String agentVersion() {
    return PROPERTIES.getProperty("agent.version");
  }

  public static Path oldestAgentJar() {
    return existing("agent.oldest.jar");
  }

  public static String oldestAgentVersion() {
    return PROPERTIES.getProperty("agent.oldest.version");
  }

  /**
   * An agent between the oldest and the newest whose configuration-file model lives in another
   * package than the one the extension is compiled against.
   */
  public static Path otherModelAgentJar() {
    return existing("agent.other-model.jar");
  }

  public static String otherModelAgentVersion() {
    return PROPERTIES.getProperty("agent.other-model.version");
  }

  /** Jars the sample apps may use (the OpenTelemetry API), copied by the build. */
  public static java.util.List<Path> appLibraries() {
    Path dir = Path.of(PROPERTIES.getProperty("app.libs"));
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("app libraries not found in " + dir + ": build first", e);
    }
  }

  /** Embedded Tomcat's jars, for the servlet container sample app; copied by the build. */
  public static java.util.List<Path> servletContainer() {
    Path dir = Path.of(PROPERTIES.getProperty("servlet.container"));
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Tomcat jars not found in " + dir + ": build first", e);
    }
  }

  /**
   * The AWS Lambda Java runtime interface client and its dependencies (aws-lambda-java-core,
   * serialization), copied by the build.
   */
  public static java.util.List<Path> lambdaRuntime() {
    Path dir = Path.of(PROPERTIES.getProperty("lambda.runtime"));
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Lambda runtime jars not found in " + dir + ": build first", e);
    }
  }

  public static Path extensionJar() {
    return existing("extension.jar");
  }

  /** The init image for linux/amd64 as the build wrote it: an OCI image archive. */
  public static Path initImageAmd64() {
    return existing("init.image.amd64");
  }

  /** A file of the checkout the build ran in, such as its LICENSE or NOTICE. */
  public static Path repositoryFile(String name) {
    Path path =
        Path.of(PROPERTIES.getProperty("repository.root"), name).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(name + " not found at " + path);
    }
    return path;
  }

  /** A JDK 17: the one running us if it is 17, else Debian's usual place. */
  public static Optional<Path> jdk17() {
    if (Runtime.version().feature() == 17) {
      return Optional.of(Path.of(System.getProperty("java.home")));
    }
    return firstJdk(System.getenv("JDK17_HOME"), "/usr/lib/jvm/java-17-openjdk-amd64");
  }

  /** A JDK 25: {@code JDK25_HOME}, else Temurin's usual place; empty when there is none. */
  public static Optional<Path> jdk25() {
    if (Runtime.version().feature() == 25) {
      return Optional.of(Path.of(System.getProperty("java.home")));
    }
    return firstJdk(System.getenv("JDK25_HOME"), "/usr/lib/jvm/temurin-25-jdk-amd64");
  }

  private static Optional<Path> firstJdk(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null && Files.isExecutable(Path.of(candidate, "bin", "java"))) {
        return Optional.of(Path.of(candidate));
      }
    }
    return Optional.empty();
  }

  private static Path existing(String key) {
    Path path = Path.of(PROPERTIES.getProperty(key)).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          key + " not found at " + path + ": build first with ./mvnw -B package -DskipTests");
    }
    return path;
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = SmokeEnvironment.class.getResourceAsStream("smoke.properties")) {
      if (in == null) {
        throw new IllegalStateException("smoke.properties missing: run through Maven");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
