/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke.app.logging;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LoggingService} logging through SLF4J and Logback. Logback is configured by the launcher
 * ({@code -Dlogback.configurationFile}); the class path holds Logback and SLF4J, not Log4j.
 */
public final class LogbackService {

  private static final Logger LOGGER = LoggerFactory.getLogger(LogbackService.class);

  private LogbackService() {}

  public static void main(String[] args) throws IOException {
    LoggingService.serve(LOGGER::info);
  }
}
