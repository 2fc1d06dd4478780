/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke.app.logging;

import java.io.IOException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@link LoggingService} logging through the Log4j 2 API and core. Log4j is configured by the
 * launcher ({@code -Dlog4j2.configurationFile}); the class path holds Log4j, not Logback or SLF4J.
 */
public final class Log4jService {

  private static final Logger LOGGER = LogManager.getLogger(Log4jService.class);

  private Log4jService() {}

  public static void main(String[] args) throws IOException {
    LoggingService.serve(LOGGER::info);
  }
}
