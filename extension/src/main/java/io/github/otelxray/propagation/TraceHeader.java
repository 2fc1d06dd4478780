/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.propagation;

/**
 * The fields of an {@code X-Amzn-Trace-Id} header that tracing needs, parsed leniently.
 *
 * <p>contrib's {@code AwsXrayPropagator} (1.57.0-alpha, the copy inside agent 2.x) drops the whole
 * header for inputs that real AWS front doors and SDKs send, and so starts a new trace where X-Ray
 * users expect one trace. This parser decides differently, each choice pinned by {@code
 * TraceHeaderTest}:
 *
 * <ul>
 *   <li>{@code Sampled=?}, no {@code Sampled}, or a value X-Ray does not define ({@code d}, empty):
 *       the trace continues and the decision is {@link Decision#DEFERRED}: in X-Ray terms the
 *       receiver decides (the X-Ray SDKs' {@code REQUESTED}/unknown). contrib discards the header
 *       for {@code ?} and reads a missing flag as "not sampled".
 *   <li>{@code Root} without {@code Parent}, as ALB and API Gateway send it for a request no
 *       instrumented caller made: the trace id is kept, so the id ALB wrote into its access log
 *       finds the trace. contrib discards the header.
 *   <li>A field without {@code =} (for example {@code ;;} or a bare word): that field is skipped,
 *       as the X-Ray Java SDK does; contrib discards the header.
 *   <li>Keys are matched whole and without regard to case: {@code RootX=} is a custom field, not
 *       the root (contrib matches by prefix, so a custom field could replace the ids), and {@code
 *       root=} is the root.
 *   <li>Hex digits may be upper case and are lower-cased; whitespace around keys and values is
 *       ignored.
 *   <li>The root must be exactly {@code 1-} + 8 hex + {@code -} + 24 hex. contrib accepts a short
 *       epoch by padding it and ignores junk after the 24 random digits; older contrib versions
 *       threw on a short root. A malformed root makes the header unusable (the caller keeps the
 *       context it had, e.g. from {@code traceparent}).
 *   <li>A malformed or all-zero {@code Parent} is treated as absent, like a root-only header.
 *   <li>Duplicate keys: the last one wins, as in the X-Ray Java SDK and contrib.
 * </ul>
 *
 * <p>Parsing never throws. It runs on every incoming request, so it walks the string by index and
 * allocates only the id strings it returns.
 */
final class TraceHeader {

  /** What the upstream said about sampling. */
  enum Decision {
    SAMPLED,
    NOT_SAMPLED,
    /** {@code Sampled=?}, no flag, or an undefined flag: this service decides. */
    DEFERRED
  }

  /**
   * Longer headers are ignored. X-Ray documents no limit; ALB rewrites headers once a request's
   * headers pass 7 KB and Lambda caps a stored trace header at 8,192 characters, so nothing
   * legitimate is longer, and a bound keeps hostile input from costing more than a normal header.
   */
  static final int MAX_LENGTH = 8192;

  private static final int ROOT_LENGTH = 35;
  private static final int PARENT_LENGTH = 16;

  private final String traceId;
  private final String parentId; // null when absent
  private final Decision decision;
  private final String lineage; // null when absent

  private TraceHeader(String traceId, String parentId, Decision decision, String lineage) {
    this.traceId = traceId;
    this.parentId = parentId;
    this.decision = decision;
    this.lineage = lineage;
  }

  /** The trace id in OpenTelemetry form: 32 lower-case hex digits. */
  String traceId() {
    return traceId;
  }

  /** The caller's span id, 16 lower-case hex digits, or {@code null} when the header had none. */
  String parentId() {
    return parentId;
  }

  Decision decision() {
    return decision;
  }

  /** The raw {@code Lineage} value, or {@code null}. */
  String lineage() {
    return lineage;
  }

  /**
   * Parses a header value; returns {@code null} when it carries no usable root (absent, empty, too
   * long, or a malformed {@code Root}).
   */
  static TraceHeader parse(String header) {
    if (header == null || header.isEmpty() || header.length() > MAX_LENGTH) {
      return null;
    }
    String traceId = null;
    String parentId = null;
    Decision decision = Decision.DEFERRED;
    String lineage = null;
    boolean rootSeen = false;

    int length = header.length();
    int fieldStart = 0;
    while (fieldStart <= length) {
      int fieldEnd = header.indexOf(';', fieldStart);
      if (fieldEnd < 0) {
        fieldEnd = length;
      }
      int equals = indexOf(header, '=', fieldStart, fieldEnd);
      if (equals >= 0) {
        int keyStart = skipSpace(header, fieldStart, equals);
        int keyEnd = trimSpace(header, keyStart, equals);
        int valueStart = skipSpace(header, equals + 1, fieldEnd);
        int valueEnd = trimSpace(header, valueStart, fieldEnd);
        if (isKey(header, keyStart, keyEnd, "Root")) {
          rootSeen = true;
          traceId = parseRoot(header, valueStart, valueEnd);
        } else if (isKey(header, keyStart, keyEnd, "Parent")) {
          parentId = parseParent(header, valueStart, valueEnd);
        } else if (isKey(header, keyStart, keyEnd, "Sampled")) {
          decision = parseDecision(header, valueStart, valueEnd);
        } else if (isKey(header, keyStart, keyEnd, "Lineage")) {
          lineage = valueStart < valueEnd ? header.substring(valueStart, valueEnd) : null;
        }
        // Self (written by ALB) and application fields do not affect tracing.
      }
      fieldStart = fieldEnd + 1;
    }
    if (!rootSeen || traceId == null) {
      return null;
    }
    return new TraceHeader(traceId, parentId, decision, lineage);
  }

  /**
   * Searches only inside the field: {@code String.indexOf} would scan to the end of the header for
   * every field, quadratic for a hostile {@code ";;;;…=…"}.
   */
  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isKey(String s, int start, int end, String key) {
    return end - start == key.length() && s.regionMatches(true, start, key, 0, key.length());
  }

  private static String parseRoot(String s, int start, int end) {
    if (end - start != ROOT_LENGTH
        || s.charAt(start) != '1'
        || s.charAt(start + 1) != '-'
        || s.charAt(start + 10) != '-') {
      return null;
    }
    char[] id = new char[32];
    if (!copyHex(s, start + 2, 8, id, 0) || !copyHex(s, start + 11, 24, id, 8)) {
      return null;
    }
    return allZero(id) ? null : new String(id);
  }

  private static String parseParent(String s, int start, int end) {
    if (end - start != PARENT_LENGTH) {
      return null;
    }
    char[] id = new char[PARENT_LENGTH];
    if (!copyHex(s, start, PARENT_LENGTH, id, 0) || allZero(id)) {
      return null;
    }
    return new String(id);
  }

  private static Decision parseDecision(String s, int start, int end) {
    if (end - start == 1) {
      char flag = s.charAt(start);
      if (flag == '1') {
        return Decision.SAMPLED;
      }
      if (flag == '0') {
        return Decision.NOT_SAMPLED;
      }
    }
    return Decision.DEFERRED;
  }

  /** Copies {@code count} hex digits, lower-cased; false on any non-hex character. */
  private static boolean copyHex(String s, int from, int count, char[] into, int at) {
    for (int i = 0; i < count; i++) {
      char c = s.charAt(from + i);
      if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
        into[at + i] = c;
      } else if (c >= 'A' && c <= 'F') {
        into[at + i] = (char) (c + ('a' - 'A'));
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(char[] id) {
    for (char c : id) {
      if (c != '0') {
        return false;
      }
    }
    return true;
  }

  private static int skipSpace(String s, int from, int to) {
    while (from < to && isSpace(s.charAt(from))) {
      from++;
    }
    return from;
  }

  private static int trimSpace(String s, int from, int to) {
    while (to > from && isSpace(s.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }
}
