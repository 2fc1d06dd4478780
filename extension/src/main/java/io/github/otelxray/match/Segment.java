/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.match;

import java.util.Arrays;

/**
 * The part of a glob between two stars: characters that must appear in a row, {@code ?} standing
 * for any one. {@link Glob} anchors the first and last segment at the ends of the value and finds
 * each segment in between at its leftmost place, which is all a {@code *}-glob needs.
 *
 * <p>A search costs at most {@value #PLAIN_MAX} steps per character of the value, whatever the
 * segment looks like. The backtracking walk this replaces took up to segment length × value length:
 * a rule {@code *a*aaaa...b*} (128 characters) against an 8 KiB path of {@code a}s cost
 * milliseconds per decision, and a request's path is chosen by whoever sends it. Segments of up to
 * {@value #PLAIN_MAX} characters (most: {@code /orders/}) are searched the plain way, which is
 * fastest for them; longer ones bit-parallel (shift-and: one pass over the value with one or two
 * {@code long}s of state). A segment longer than 128 characters, which no sampling rule can have
 * ({@code URLPath} is at most 128), is searched the plain way again: only a pattern the operator
 * configured can have one.
 */
final class Segment {

  static final int PLAIN_MAX = 8;
  private static final int MAX_BIT_PARALLEL = 128;

  private final String chars; // lower case when the glob ignores case
  private final boolean ignoreCase;
  private final char[] distinct; // the segment's characters other than '?', sorted
  private final long[] masks; // per distinct character: the positions it is at, `words` longs
  private final long[] any; // the positions of '?'
  private final int words; // 1 or 2 for the bit-parallel search; 0 for the plain one

  Segment(String chars, boolean ignoreCase) {
    this.chars = chars;
    this.ignoreCase = ignoreCase;
    int length = chars.length();
    this.words = length <= PLAIN_MAX || length > MAX_BIT_PARALLEL ? 0 : length > 64 ? 2 : 1;
    char[] sorted = words == 0 ? new char[0] : chars.replace("?", "").toCharArray();
    Arrays.sort(sorted);
    int count = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[count++] = sorted[i];
      }
    }
    this.distinct = Arrays.copyOf(sorted, count);
    this.masks = new long[count * words];
    this.any = new long[words];
    for (int i = 0; words > 0 && i < length; i++) {
      char c = chars.charAt(i);
      long bit = 1L << (i & 63);
      if (c == '?') {
        any[i >>> 6] |= bit;
      } else {
        masks[Arrays.binarySearch(distinct, c) * words + (i >>> 6)] |= bit;
      }
    }
  }

  int length() {
    return chars.length();
  }

  /** Whether the segment is spelled by {@code text} from {@code at} on; the caller checks room. */
  boolean matchesAt(String text, int at) {
    for (int i = 0; i < chars.length(); i++) {
      char p = chars.charAt(i);
      if (p != '?' && p != fold(text.charAt(at + i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The leftmost position at or after {@code from} where the segment is spelled by {@code text} and
   * ends by {@code to}; -1 when there is none.
   */
  int indexIn(String text, int from, int to) {
    int length = chars.length();
    if (length == 0) {
      return from <= to ? from : -1;
    }
    if (words == 1) {
      long last = 1L << (length - 1);
      long state = 0;
      for (int i = from; i < to; i++) {
        state = ((state << 1) | 1L) & positions(fold(text.charAt(i)), 0);
        if ((state & last) != 0) {
          return i - length + 1;
        }
      }
      return -1;
    }
    if (words == 2) {
      long last = 1L << (length - 65);
      long low = 0;
      long high = 0;
      for (int i = from; i < to; i++) {
        char c = fold(text.charAt(i));
        high = ((high << 1) | (low >>> 63)) & positions(c, 1);
        low = ((low << 1) | 1L) & positions(c, 0);
        if ((high & last) != 0) {
          return i - length + 1;
        }
      }
      return -1;
    }
    for (int start = from; start + length <= to; start++) {
      if (matchesAt(text, start)) {
        return start;
      }
    }
    return -1;
  }

  /** The positions, in word {@code word}, where {@code c} may stand. */
  private long positions(char c, int word) {
    int index = Arrays.binarySearch(distinct, c);
    return index < 0 ? any[word] : masks[index * words + word] | any[word];
  }

  private char fold(char c) {
    return ignoreCase ? Glob.lower(c) : c;
  }
}
