/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.ids.brokencrac;

/** A checkpoint/restore API that is there by name but not in shape: no Resource, no context. */
public final class Core {
  private Core() {}
}
