/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.instrumentation.log4j.Log4jTraceIdInstrumentationModule;
import io.github.otelxray.instrumentation.logback.LogbackTraceIdInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The parts of the modules the agent reads before anything is transformed. Without the muzzle
 * plugin nobody else checks the hand-written helper lists: a helper missing from them would surface
 * only as a {@code NoClassDefFoundError} inside the application's logging (swallowed by the advice,
 * so as a missing key).
 */
class InstrumentationModulesTest {

  @Test
  void bothModulesAreRegisteredForTheAgent() {
    List<Class<?>> found = new ArrayList<>();
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      found.add(module.getClass());
    }
    assertThat(found)
        .contains(
            LogbackTraceIdInstrumentationModule.class, Log4jTraceIdInstrumentationModule.class);
  }

  @Test
  void helperListsNameExistingClassesAndAllTheirCompanionClassFiles() throws Exception {
    for (InstrumentationModule module :
        Arrays.asList(
            new LogbackTraceIdInstrumentationModule(), new Log4jTraceIdInstrumentationModule())) {
      List<String> helpers = module.getAdditionalHelperClassNames();
      assertThat(helpers).as(module.instrumentationName()).contains(XRayLogTraceId.class.getName());
      for (String helper : helpers) {
        Class<?> type = Class.forName(helper, false, getClass().getClassLoader());
        // Every class file of the helper: nested, anonymous and compiler-made access classes.
        Path folder =
            Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(type.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(folder)) {
          List<String> companions =
              files
                  .map(file -> file.getFileName().toString())
                  .filter(name -> name.startsWith(type.getSimpleName() + "$"))
                  .map(name -> type.getPackageName() + "." + name.replace(".class", ""))
                  .toList();
          assertThat(helpers).as(module.instrumentationName()).containsAll(companions);
        }
      }
    }
  }

  @Test
  void namesLetOneSwitchTurnOffBothAndFollowTheAgentsOwnLogInstrumentation() {
    assertThat(new LogbackTraceIdInstrumentationModule().instrumentationNames())
        .containsExactly("xray-logback-mdc", "xray-log-correlation", "logback-mdc");
    assertThat(new Log4jTraceIdInstrumentationModule().instrumentationNames())
        .containsExactly("xray-log4j-context-data", "xray-log-correlation", "log4j-context-data");
  }

  @Test
  void applyOnlyWhereTheLoggingLibraryIs() {
    // This class loader has neither Logback nor Log4j 2.
    ClassLoader loader = getClass().getClassLoader();
    assertThat(new LogbackTraceIdInstrumentationModule().classLoaderMatcher().matches(loader))
        .isFalse();
    assertThat(new Log4jTraceIdInstrumentationModule().classLoaderMatcher().matches(loader))
        .isFalse();
  }
}
