/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke.app.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Map;

/**
 * A Lambda function as users write one: a {@link RequestHandler} that calls a downstream HTTP
 * service named in the event ({@code "downstream"}) and answers with that service's status. Run by
 * the real AWS Lambda Java runtime interface client; never started directly.
 */
public final class OrderFunction implements RequestHandler<Map<String, String>, String> {

  @Override
  public String handleRequest(Map<String, String> event, Context context) {
    String downstream = event.get("downstream");
    if (downstream == null) {
      return "no downstream";
    }
    try {
      HttpURLConnection connection = (HttpURLConnection) new URL(downstream).openConnection();
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(5_000);
      int status = connection.getResponseCode();
      try (InputStream body =
          status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        if (body != null) {
          body.readAllBytes();
        }
      }
      return "downstream " + status + " for " + context.getAwsRequestId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
