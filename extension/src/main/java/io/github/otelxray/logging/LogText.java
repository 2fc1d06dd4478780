/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.logging;

/**
 * Text from outside (settings, files, the network) made safe to put in a log line: control
 * characters are escaped, so a value cannot start a forged line or drive a terminal, and long
 * values are cut, so a value cannot flood the log.
 */
public final class LogText {

  static final int MAX_LENGTH = 200;

  private LogText() {}

  public static String escape(String text) {
    return escape(text, MAX_LENGTH);
  }

  /** {@link #escape(String)}, cut at {@code maxLength} characters rather than 200. */
  public static String escape(String text, int maxLength) {
    if (text == null) {
      return "null";
    }
    int length = Math.min(text.length(), maxLength);
    StringBuilder escaped = new StringBuilder(length + 16);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        escaped.append("\\n");
      } else if (c == '\r') {
        escaped.append("\\r");
      } else if (c == '\t') {
        escaped.append("\\t");
      } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        escaped.append(String.format("\\u%04x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    if (text.length() > maxLength) {
      escaped.append("...(").append(text.length()).append(" chars)");
    }
    return escaped.toString();
  }
}
