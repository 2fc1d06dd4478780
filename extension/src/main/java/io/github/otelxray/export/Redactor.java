/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Replaces secrets in span attributes with {@code REDACTED} before export; every other value stays
 * as it was.
 *
 * <ul>
 *   <li>captured headers: {@code http.request.header.<name>} and {@code
 *       http.response.header.<name>} for the configured names, each element of the string array
 *       (agent 2.x captures headers as arrays, one element per occurrence); an empty element stays
 *       empty, it hides nothing;
 *   <li>URLs: secret query parameter values and userinfo in {@code url.full} and {@code http.url};
 *       secret query parameter values in {@code http.target} and {@code url.query}. URLs and
 *       targets are always as sent (clients write the URL they send; servers the target they
 *       received); {@code url.query} is as sent or decoded depending on the server's
 *       instrumentation, and decoded ones lose everything after the first secret (see {@link
 *       UrlRedaction}).
 * </ul>
 *
 * <p>Other attributes are not searched for secrets: guessing at free text would redact data people
 * need and still miss secrets. Annotation values get more (see {@link AnnotationMapper}).
 *
 * <p>Header names compare without regard to case, and {@code -} equals {@code _}: the agent writes
 * {@code x-api-key}, older semantic conventions (and agent 1.x) wrote {@code x_api_key}.
 */
final class Redactor {

  static final String REDACTED = UrlRedaction.REDACTED;

  private static final String REQUEST_HEADER = "http.request.header.";
  private static final String RESPONSE_HEADER = "http.response.header.";

  private final String[] headers; // lower case
  private final UrlRedaction urls;

  /**
   * Redaction of {@code headers} and {@code queryParams}, and, when {@code enabled}, of URL
   * userinfo; nothing at all when not {@code enabled}.
   */
  Redactor(boolean enabled, List<String> headers, List<String> queryParams) {
    List<String> names = enabled ? headers : Collections.<String>emptyList();
    this.headers = new String[names.size()];
    for (int i = 0; i < names.size(); i++) {
      this.headers[i] = names.get(i).toLowerCase(Locale.ROOT);
    }
    this.urls = new UrlRedaction(enabled ? queryParams : Collections.<String>emptyList(), enabled);
  }

  boolean isEmpty() {
    return headers.length == 0 && urls.isEmpty();
  }

  /**
   * {@code attributes} itself when nothing in them is secret. {@code scopeName} is the name of the
   * instrumentation scope of the span they belong to: it tells how {@code url.query} was written
   * (see {@link RawQueryScopes}).
   */
  Attributes apply(Attributes attributes, String scopeName) {
    if (isEmpty()) {
      return attributes;
    }
    Changes changes = new Changes(scopeName);
    attributes.forEach(changes);
    if (changes.keys == null) {
      return attributes;
    }
    AttributesBuilder builder = attributes.toBuilder();
    for (int i = 0; i < changes.keys.size(); i++) {
      AttributeKey<?> key = changes.keys.get(i);
      builder.remove(key);
      put(builder, key.getKey(), changes.values.get(i));
    }
    return builder.build();
  }

  /**
   * Whether an attribute or annotation called {@code name} holds a secret by its name alone: it is
   * one of the redacted headers or query parameters, in full or as its last dot-separated part
   * ({@code password}, {@code app.api_key}).
   */
  boolean isSecretName(String name) {
    if (isEmpty()) {
      return false;
    }
    int dot = name.lastIndexOf('.');
    return isSecretWord(name, 0) || (dot >= 0 && isSecretWord(name, dot + 1));
  }

  /** Secrets in free text that may be a URL (an annotation value): userinfo and query values. */
  String text(String text) {
    return isEmpty() ? text : urls.url(text);
  }

  private boolean isSecretWord(String name, int from) {
    return isHeader(name, from) || urls.isSecretParam(from == 0 ? name : name.substring(from));
  }

  /** The redacted value for this attribute, or {@code null} when it holds no secret. */
  private Object redact(AttributeKey<?> key, Object value, String scopeName) {
    String name = key.getKey();
    if (key.getType() == AttributeType.STRING) {
      String text = (String) value;
      String redacted;
      switch (name) {
        case "url.full":
        case "http.url":
        case "http.target":
          redacted = urls.url(text);
          break;
        case "url.query":
          // As sent, each '&' separates and a secret's value ends there; decoded (or unknown),
          // the value may hold a decoded '&', so everything after the secret goes with it.
          redacted =
              RawQueryScopes.writeQueryAsSent(scopeName)
                  ? urls.sentQuery(text)
                  : urls.decodedQuery(text);
          break;
        default:
          redacted =
              isCapturedHeader(name) && !text.isEmpty() && !text.equals(REDACTED) ? REDACTED : text;
      }
      return redacted == text ? null : redacted;
    }
    if (!isCapturedHeader(name)) {
      return null;
    }
    if (key.getType() == AttributeType.STRING_ARRAY) {
      return redactEach((List<?>) value);
    }
    // Not what the agent writes for headers; hide it all the same.
    return REDACTED;
  }

  private static List<String> redactEach(List<?> values) {
    boolean secret = false;
    for (Object value : values) {
      secret |= !"".equals(value) && !REDACTED.equals(value);
    }
    if (!secret) {
      return null;
    }
    List<String> redacted = new ArrayList<>(values.size());
    for (Object value : values) {
      // An empty value hides nothing and shows the header was sent empty.
      redacted.add("".equals(value) ? "" : REDACTED);
    }
    return Collections.unmodifiableList(redacted);
  }

  private boolean isCapturedHeader(String key) {
    if (headers.length == 0) {
      return false;
    }
    if (key.startsWith(REQUEST_HEADER)) {
      return isHeader(key, REQUEST_HEADER.length());
    }
    return key.startsWith(RESPONSE_HEADER) && isHeader(key, RESPONSE_HEADER.length());
  }

  /** {@code key} from {@code from} on is one of the headers. */
  private boolean isHeader(String key, int from) {
    for (String header : headers) {
      if (sameHeaderName(key, from, header)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameHeaderName(String key, int from, String lowerName) {
    if (key.length() - from != lowerName.length()) {
      return false;
    }
    for (int i = 0; i < lowerName.length(); i++) {
      char c = Character.toLowerCase(key.charAt(from + i));
      char n = lowerName.charAt(i);
      if (c != n && !((c == '-' || c == '_') && (n == '-' || n == '_'))) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static void put(AttributesBuilder builder, String name, Object value) {
    if (value instanceof List) {
      builder.put(AttributeKey.stringArrayKey(name), (List<String>) value);
    } else {
      builder.put(AttributeKey.stringKey(name), (String) value);
    }
  }

  /** Collects the redacted values in one pass; allocates its lists only on the first secret. */
  private final class Changes implements BiConsumer<AttributeKey<?>, Object> {
    private final String scopeName;
    List<AttributeKey<?>> keys;
    List<Object> values;

    Changes(String scopeName) {
      this.scopeName = scopeName;
    }

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      Object redacted = redact(key, value, scopeName);
      if (redacted == null) {
        return;
      }
      if (keys == null) {
        keys = new ArrayList<>(4);
        values = new ArrayList<>(4);
      }
      keys.add(key);
      values.add(redacted);
    }
  }
}
