/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.rules;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * The request values sampling rules match, read from the attributes a span starts with. Agent 2.x
 * writes the stable HTTP semantic conventions; older instrumentations and manual spans may carry
 * the old names, so both are read, new first. (contrib 1.43.0 reads only the old names, so under
 * agent 2.x its Host, HTTPMethod and URLPath rules never match.)
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class RequestFields {

  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<String> NET_HOST_NAME = AttributeKey.stringKey("net.host.name");
  static final AttributeKey<String> HTTP_HOST = AttributeKey.stringKey("http.host");
  static final AttributeKey<String> HTTP_REQUEST_METHOD =
      AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> HTTP_REQUEST_METHOD_ORIGINAL =
      AttributeKey.stringKey("http.request.method_original");
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.method");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> HTTP_TARGET = AttributeKey.stringKey("http.target");
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> HTTP_URL = AttributeKey.stringKey("http.url");

  private RequestFields() {}

  public static String host(Attributes attributes) {
    String host = attributes.get(SERVER_ADDRESS);
    if (host == null) {
      host = attributes.get(NET_HOST_NAME);
    }
    if (host == null) {
      host = attributes.get(HTTP_HOST);
    }
    return host;
  }

  public static String method(Attributes attributes) {
    String method = attributes.get(HTTP_REQUEST_METHOD);
    if ("_OTHER".equals(method)) {
      String original = attributes.get(HTTP_REQUEST_METHOD_ORIGINAL);
      return original != null ? original : method;
    }
    return method != null ? method : attributes.get(HTTP_METHOD);
  }

  public static String path(Attributes attributes) {
    String path = attributes.get(URL_PATH);
    if (path != null) {
      return path;
    }
    path = attributes.get(HTTP_TARGET);
    if (path != null) {
      return path;
    }
    String url = attributes.get(URL_FULL);
    if (url == null) {
      url = attributes.get(HTTP_URL);
    }
    return url == null ? null : pathOf(url);
  }

  /** The path (and query) of an absolute URL; {@code /} when it has none. */
  static String pathOf(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return null;
    }
    int slash = url.indexOf('/', scheme + 3);
    return slash < 0 ? "/" : url.substring(slash);
  }
}
