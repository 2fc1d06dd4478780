/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

/**
 * Stands in for the EC2 instance metadata service (IMDS, 169.254.169.254), which an agent's EC2
 * resource detector would otherwise probe and which must never be reached from here: a {@link
 * CannedHttpServer} that answers 404 to everything, as a machine that is not on EC2 would if it
 * answered at all, and records each request ({@code METHOD path}) so a test or a report can show
 * who probed for metadata and how often. Point the agent at it with {@code
 * -Dotel.aws.imds.endpointOverride=}{@link CannedHttpServer#hostAndPort()}.
 */
public final class FakeImds {

  private FakeImds() {}

  /** A loopback IMDS that knows no instance. */
  public static CannedHttpServer start() {
    return CannedHttpServer.start();
  }
}
