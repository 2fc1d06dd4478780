package io.github.otelxray.export;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.util.List;

/**
 * Secrets inside URLs: values of secret-looking query parameters, and userinfo.
 *
 * <p>Written by hand rather than with {@link java.net.URI}: URLs in spans are whatever the client
 * sent, often not valid RFC 3986 (spaces, raw {@code |}, unencoded UTF-8), and {@code URI} rejects
 * those outright or re-encodes them; here every byte we do not redact stays as it was written. The
 * query is the simple {@code &}-separated {@code name=value} form; {@code ;} separators are not
 * recognised.
 *
 * <p>Every method returns its argument itself when there is nothing to redact, and allocates
 * nothing then unless a parameter name is percent-encoded.
 */
final class UrlRedaction {

  static final String REDACTED = "REDACTED";

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
   * and fragment): userinfo and the query between {@code ?} and {@code #}.
   */
  String url(String url) {
    String result = userinfo ? userinfo(url) : url;
    int question = result.indexOf('?');
    if (question < 0 || params.length == 0) {
      return result;
    }
    int hash = result.indexOf('#');
    if (hash >= 0 && hash < question) {
      return result; // the '?' belongs to the fragment
    }
    return query(result, question + 1, hash < 0 ? result.length() : hash);
  }

  /** A query on its own ({@code url.query}): the whole value, a leading {@code ?} tolerated. */
  String query(String query) {
    if (params.length == 0) {
      return query;
    }
    return query(query, query.startsWith("?") ? 1 : 0, query.length());
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

  private String query(String s, int start, int end) {
    StringBuilder out = null;
    int copied = 0;
    int pair = start;
    while (pair <= end) {
      int amp = s.indexOf('&', pair);
      if (amp < 0 || amp > end) {
        amp = end;
      }
      int equals = s.indexOf('=', pair);
      // A parameter without '=' has no value to hide, and an empty value hides nothing.
      if (equals >= 0
          && equals + 1 < amp
          && !isRedacted(s, equals + 1, amp)
          && isSecretParam(s, pair, equals)) {
        if (out == null) {
          out = new StringBuilder(s.length() + REDACTED.length());
        }
        out.append(s, copied, equals + 1).append(REDACTED);
        copied = amp;
      }
      pair = amp + 1;
    }
    if (out == null) {
      return s;
    }
    return out.append(s, copied, s.length()).toString();
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

  private static String decode(String name) {
    try {
      return URLDecoder.decode(name, "UTF-8");
    } catch (IllegalArgumentException | UnsupportedEncodingException e) {
      return name; // a stray '%': compare it as written
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
