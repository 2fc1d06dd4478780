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
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The build check on the product jar: the agent supplies the OpenTelemetry API, SDK and agent
 * classes, so a copy of any of them in our jar would shadow or clash with the agent's; everything
 * we bundle must sit under our own package; the service registrations must be there; and every
 * class must load on Java 8.
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
}
