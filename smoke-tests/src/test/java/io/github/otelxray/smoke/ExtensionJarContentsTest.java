/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The build check on the product jar: the agent supplies the OpenTelemetry API, SDK and agent
 * classes, so a copy of any of them in our jar would shadow or clash with the agent's; everything
 * we bundle must sit under our own package; the service registrations must be there; every class
 * must load on Java 8; and the jar carries our licence and notice, with each bundled project's own
 * licence and notice files apart from them.
 */
class ExtensionJarContentsTest {

  private static final List<String> FORBIDDEN =
      List.of(
          "io/opentelemetry/api/",
          "io/opentelemetry/context/",
          "io/opentelemetry/sdk/",
          "io/opentelemetry/javaagent/",
          "io/opentelemetry/contrib/");

  @Test
  void holdsOnlyOurPackageAndRelocatedDependencies() throws IOException {
    List<String> strays = new ArrayList<>();
    try (JarFile jar = new JarFile(SmokeEnvironment.extensionJar().toFile())) {
      for (JarEntry entry : jar.stream().toList()) {
        String name = entry.getName();
        if (entry.isDirectory() || name.startsWith("META-INF/")) {
          continue;
        }
        if (!name.startsWith("io/github/otelxray/")
            || FORBIDDEN.stream().anyMatch(name::startsWith)) {
          strays.add(name);
        }
      }
    }
    assertThat(strays).isEmpty();
  }

  @Test
  void registersTheEntryPointAndTheXraySampler() throws IOException {
    try (JarFile jar = new JarFile(SmokeEnvironment.extensionJar().toFile())) {
      JarEntry services =
          jar.getJarEntry(
              "META-INF/services/"
                  + "io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider");
      assertThat(services).as("customizer service file").isNotNull();
      try (InputStream in = jar.getInputStream(services)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
            .isEqualTo("io.github.otelxray.XRayExtension");
      }
      assertThat(jar.getJarEntry("io/github/otelxray/XRayExtension.class")).isNotNull();
      JarEntry sampler =
          jar.getJarEntry(
              "META-INF/services/"
                  + "io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider");
      assertThat(sampler).as("sampler service file").isNotNull();
      try (InputStream in = jar.getInputStream(sampler)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
            .isEqualTo("io.github.otelxray.sampling.XRaySamplerProvider");
      }
    }
  }

  @Test
  void everyClassLoadsOnJava8() throws IOException {
    List<String> tooNew = new ArrayList<>();
    try (JarFile jar = new JarFile(SmokeEnvironment.extensionJar().toFile())) {
      for (JarEntry entry : jar.stream().toList()) {
        if (!entry.getName().endsWith(".class")) {
          continue;
        }
        try (DataInputStream in = new DataInputStream(jar.getInputStream(entry))) {
          in.readInt(); // magic
          in.readUnsignedShort(); // minor
          int major = in.readUnsignedShort();
          if (major > 52) {
            tooNew.add(entry.getName() + " (class file " + major + ")");
          }
        }
      }
    }
    assertThat(tooNew).isEmpty();
  }

  @Test
  void carriesTheRepositoryLicenceAndNoticeAsItsOwn() throws IOException {
    try (JarFile jar = new JarFile(SmokeEnvironment.extensionJar().toFile())) {
      assertThat(entryText(jar, "META-INF/LICENSE"))
          .isEqualTo(Files.readString(SmokeEnvironment.repositoryFile("LICENSE")));
      assertThat(entryText(jar, "META-INF/NOTICE"))
          .isEqualTo(Files.readString(SmokeEnvironment.repositoryFile("NOTICE")));
    }
  }

  @Test
  void keepsEachBundledProjectsLicenceFilesApartFromOurs() throws IOException {
    List<String> beside = new ArrayList<>();
    List<String> thirdParty = new ArrayList<>();
    try (JarFile jar = new JarFile(SmokeEnvironment.extensionJar().toFile())) {
      for (JarEntry entry : jar.stream().toList()) {
        String name = entry.getName();
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        if (entry.isDirectory() || !(upper.contains("LICENSE") || upper.contains("NOTICE"))) {
          continue;
        }
        if (name.startsWith("META-INF/third-party/")) {
          thirdParty.add(name.substring("META-INF/third-party/".length()));
        } else if (name.startsWith("META-INF/") && name.indexOf('/', "META-INF/".length()) < 0) {
          beside.add(name);
        }
      }
    }
    // Another project's file at META-INF/ would stand for the whole jar, or be lost to a collision.
    assertThat(beside).containsExactlyInAnyOrder("META-INF/LICENSE", "META-INF/NOTICE");
    assertThat(thirdParty)
        .contains(
            "aws-sdk-java-v2/LICENSE.txt",
            "aws-sdk-java-v2/NOTICE.txt",
            "jackson-core/NOTICE",
            "jackson-core/FastDoubleParser-NOTICE",
            "jackson-jr-objects/NOTICE",
            "slf4j/LICENSE.txt");
  }

  @Test
  void passesOnEveryBundledNoticeInOurNotice() throws IOException {
    List<String> missing = new ArrayList<>();
    try (JarFile jar = new JarFile(SmokeEnvironment.extensionJar().toFile())) {
      String ours = entryText(jar, "META-INF/NOTICE");
      for (JarEntry entry : jar.stream().toList()) {
        String name = entry.getName();
        if (name.startsWith("META-INF/third-party/") && name.contains("NOTICE")) {
          String theirs = entryText(jar, name).replace("\r\n", "\n").strip();
          if (!ours.contains(theirs)) {
            missing.add(name);
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  private static String entryText(JarFile jar, String name) throws IOException {
    JarEntry entry = jar.getJarEntry(name);
    assertThat(entry).as(name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
