/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Secrets inside URLs: values of secret-looking query parameters, userinfo, and both again in URLs
 * that are themselves parameter values ({@code ?next=https%3A%2F%2Fu%3Ap%40h%2F%3Ftoken%3Dt}).
 *
 * <p>Written by hand rather than with {@link java.net.URI}: URLs in spans are whatever the client
 * sent, often not valid RFC 3986 (spaces, raw {@code |}, unencoded UTF-8), and {@code URI} rejects
 * those outright or re-encodes them; here every byte we do not redact stays as it was written (a
 * parameter value holding a URL with a secret is re-encoded as a whole). The query is the simple
 * {@code &}-separated {@code name=value} form; {@code ;} separators are not recognised.
 *
 * <p>Two forms, because a secret must never be split:
 *
 * <ul>
 *   <li>as sent: a URL or target ({@link #url}: {@code url.full}, {@code http.url}, {@code
 *       http.target}) or a query on its own ({@link #sentQuery}: {@code url.query} from servers
 *       that write it undecoded, see {@link RawQueryScopes}), where an {@code &} inside a value is
 *       encoded as {@code %26}, so every {@code &} separates parameters and a secret's value ends
 *       at the next one;
 *   <li>decoded ({@link #decodedQuery}): {@code url.query} as the agent writes it for some servers
 *       (the JDK's {@code HttpServer}): {@code password=a%26b} arrives as {@code password=a&b}, and
 *       no {@code &} after a secret can be told from a separator. There a secret's value runs to
 *       the end of the query, and parameters after it go with it.
 * </ul>
 *
 * <p>Every method returns its argument itself when there is nothing to redact; it allocates then
 * only to decode names or values that are percent-encoded.
 */
final class UrlRedaction {

  static final String REDACTED = "REDACTED";

  /**
   * How deep URLs nested in parameter values are followed. Each level needs one more round of
   * encoding; a URL in a URL in a URL is already more than real traffic has.
   */
  static final int MAX_NESTING = 4;

  private final String[] params;
  private final boolean userinfo;

  UrlRedaction(List<String> params, boolean userinfo) {
    this.params = params.toArray(new String[0]);
    this.userinfo = userinfo;
  }

  boolean isEmpty() {
    return params.length == 0 && !userinfo;
  }

  /**
   * A full URL ({@code url.full}, {@code http.url}) or a target ({@code http.target}: path, query
   * and fragment), as sent: userinfo, the query between {@code ?} and {@code #}, and the URLs in
   * its parameter values.
   */
  String url(String url) {
    return isEmpty() ? url : url(url, 0);
  }

  private String url(String url, int depth) {
    String result = userinfo ? userinfo(url) : url;
    int question = result.indexOf('?');
    if (question < 0) {
      return result;
    }
    int hash = result.indexOf('#');
    if (hash >= 0 && hash < question) {
      return result; // the '?' belongs to the fragment
    }
    return query(result, question + 1, hash < 0 ? result.length() : hash, depth);
  }

  /**
   * A query on its own ({@code url.query}) as sent, a leading {@code ?} tolerated: exactly what
   * {@link #url} does to the query of a URL, so {@code token=t&page=2} keeps {@code page=2}.
   */
  String sentQuery(String query) {
    return isEmpty() ? query : sentQueryOf(query);
  }

  private String sentQueryOf(String query) {
    return query(query, query.startsWith("?") ? 1 : 0, query.length(), 0);
  }

  /**
   * A query on its own ({@code url.query}) that may have been decoded, a leading {@code ?}
   * tolerated. From the first secret parameter on, everything is redacted.
   */
  String decodedQuery(String query) {
    if (isEmpty()) {
      return query;
    }
    String split = sentQueryOf(query);
    String withUserinfo = userinfo ? userinfoAnywhere(split) : split;
    return params.length == 0 ? withUserinfo : toTheEnd(withUserinfo);
  }

  /** Whether {@code name}, as written (not encoded), is one of the secret parameters. */
  boolean isSecretParam(String name) {
    for (String param : params) {
      if (param.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** The query {@code s[start, end)} as sent: each {@code &} separates two parameters. */
  private String query(String s, int start, int end, int depth) {
    StringBuilder out = null;
    int copied = 0;
    int pair = start;
    while (pair <= end) {
      int amp = s.indexOf('&', pair);
      if (amp < 0 || amp > end) {
        amp = end;
      }
      int equals = s.indexOf('=', pair);
      String replacement = null;
      // A parameter without '=' has no value to hide, and an empty value hides nothing.
      if (equals >= 0 && equals + 1 < amp) {
        if (isSecretParam(s, pair, equals)) {
          replacement = isRedacted(s, equals + 1, amp) ? null : REDACTED;
        } else if (depth < MAX_NESTING) {
          replacement = nested(s.substring(equals + 1, amp), depth);
        }
      }
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(s.length() + REDACTED.length());
        }
        out.append(s, copied, equals + 1).append(replacement);
        copied = amp;
      }
      pair = amp + 1;
    }
    if (out == null) {
      return s;
    }
    return out.append(s, copied, s.length()).toString();
  }

  /**
   * A parameter value that is a URL, written as it is or encoded once more, with its secrets
   * redacted; {@code null} when it holds none.
   */
  private String nested(String value, int depth) {
    if (value.indexOf('?') < 0 && value.indexOf("://") < 0 && value.indexOf('%') < 0) {
      return null; // neither a URL nor an encoded one: the common case, no allocation
    }
    String asWritten = url(value, depth + 1);
    String decoded = decode(asWritten);
    if (!decoded.equals(asWritten)) {
      String redacted = url(decoded, depth + 1);
      if (!redacted.equals(decoded)) {
        return encode(redacted);
      }
    }
    return asWritten.equals(value) ? null : asWritten;
  }

  /** From the first secret parameter on (after the start, an {@code &} or a {@code ?}). */
  private String toTheEnd(String s) {
    int from = s.startsWith("?") ? 1 : 0;
    for (int name = from; name < s.length(); ) {
      int stop = name;
      while (stop < s.length() && "=&?".indexOf(s.charAt(stop)) < 0) {
        stop++;
      }
      if (stop < s.length()
          && s.charAt(stop) == '='
          && stop + 1 < s.length()
          && isSecretParam(s, name, stop)) {
        if (isRedacted(s, stop + 1, s.length())) {
          return s;
        }
        return s.substring(0, stop + 1) + REDACTED;
      }
      // The next name starts after the next '&' or '?'.
      int next = stop;
      while (next < s.length() && s.charAt(next) != '&' && s.charAt(next) != '?') {
        next++;
      }
      name = next + 1;
    }
    return s;
  }

  /** Userinfo of every {@code scheme://} in {@code s}, wherever it starts. */
  private static String userinfoAnywhere(String s) {
    String result = s;
    for (int separator = result.indexOf("://");
        separator > 0;
        separator = result.indexOf("://", separator + 3)) {
      int scheme = separator;
      while (scheme > 0 && isSchemeChar(result.charAt(scheme - 1))) {
        scheme--;
      }
      while (scheme < separator && !isLetter(result.charAt(scheme))) {
        scheme++;
      }
      if (scheme == separator) {
        continue;
      }
      String tail = result.substring(scheme);
      String redacted = userinfo(tail);
      if (redacted != tail) {
        result = result.substring(0, scheme) + redacted;
      }
    }
    return result;
  }

  private static boolean isRedacted(String s, int from, int to) {
    return to - from == REDACTED.length() && s.regionMatches(from, REDACTED, 0, REDACTED.length());
  }

  /** The raw name {@code s[from, to)} is a secret parameter once URL-decoded, ignoring case. */
  private boolean isSecretParam(String s, int from, int to) {
    int length = to - from;
    boolean encoded = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%' || c == '+') {
        encoded = true;
        break;
      }
    }
    if (encoded) {
      return isSecretParam(decode(s.substring(from, to)));
    }
    for (String param : params) {
      if (param.length() == length && s.regionMatches(true, from, param, 0, length)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Percent-decoding as UTF-8, {@code +} as a space, that never fails: a {@code %} not followed by
   * two hex digits stays as written ({@link java.net.URLDecoder} gives up on the whole text, and a
   * secret next to a stray {@code %} would then stay encoded, unseen).
   */
  static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int high = c == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (low >= 0) {
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }

  private static String encode(String text) {
    try {
      return URLEncoder.encode(text, "UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e); // UTF-8 is always there
    }
  }

  /**
   * {@code scheme://user:password@host} becomes {@code scheme://user:REDACTED@host}, and a lone
   * {@code scheme://token@host} becomes {@code scheme://REDACTED@host}.
   *
   * <p>Credentials in URLs are still common in service-to-service calls (basic auth to internal
   * APIs, registries, Elasticsearch). The semantic conventions ask instrumentations to redact them
   * from {@code url.full}, and agent 2.x does, but older or hand-written instrumentation and {@code
   * http.url} may not. A userinfo without a password is redacted whole because that is how tokens
   * travel (Git hosts' {@code https://<token>@host}); with a password the user name stays, as it
   * tells the reader which account was used.
   */
  private static String userinfo(String url) {
    int separator = url.indexOf("://");
    if (separator <= 0 || !isScheme(url, separator)) {
      return url;
    }
    int authority = separator + 3;
    int authorityEnd = url.length();
    for (int i = authority; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        authorityEnd = i;
        break;
      }
    }
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at < authority) {
      return url;
    }
    int colon = url.indexOf(':', authority);
    int secret = colon >= 0 && colon < at ? colon + 1 : authority;
    int length = at - secret;
    if (length == 0
        || (length == REDACTED.length() && url.regionMatches(secret, REDACTED, 0, length))) {
      return url;
    }
    return new StringBuilder(url.length())
        .append(url, 0, secret)
        .append(REDACTED)
        .append(url, at, url.length())
        .toString();
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isSchemeChar(char c) {
    return isLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
  }

  /** RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) before "://". */
  private static boolean isScheme(String url, int end) {
    for (int i = 0; i < end; i++) {
      char c = url.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!(letter || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
        return false;
      }
    }
    return true;
  }
}
