/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Map;

/**
 * The function the cold-start benchmark starts: what a small Lambda function does, one call to a
 * downstream HTTP service (the harness's {@code /downstream}, named in the event) per invocation.
 */
public final class ColdStartFunction implements RequestHandler<Map<String, String>, String> {

  @Override
  public String handleRequest(Map<String, String> event, Context context) {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) new URL(event.get("downstream")).openConnection();
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(5_000);
      int status = connection.getResponseCode();
      try (InputStream body = connection.getInputStream()) {
        body.readAllBytes();
      }
      return "downstream " + status;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
