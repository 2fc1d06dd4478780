/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.http;

import java.util.Map;

/**
 * Checks headers before they are handed to the JDK, whose refusal of a bad value quotes the value
 * in its exception message: for a session token with a newline in it, that message would carry the
 * token into a log line.
 */
final class RequestHeaders {

  private RequestHeaders() {}

  static void check(Map<String, String> headers) throws HttpCallException {
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (!sendable(header.getKey(), false) || !sendable(header.getValue(), true)) {
        throw HttpCallException.badHeader(header.getKey());
      }
    }
  }

  /**
   * Visible Latin-1 and spaces. HTTP would carry a tab in a value, but none of ours has one (a
   * credential with a tab was pasted wrong, and SigV4 would fold it anyway): refused like a
   * newline.
   */
  static boolean sendable(String text, boolean value) {
    if (text == null || (!value && text.isEmpty())) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean visible = (c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff);
      if (!visible || (!value && (c == ' ' || c == ':'))) {
        return false;
      }
    }
    return true;
  }
}
