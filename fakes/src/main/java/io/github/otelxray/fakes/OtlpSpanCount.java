/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

/**
 * Counts the spans of an OTLP {@code ExportTraceServiceRequest} by walking the protobuf wire format
 * (field 1 {@code resource_spans}, then field 2 {@code scope_spans}, then field 2 {@code spans})
 * without decoding them: a {@link FakeCollector} that only counts, for runs of many thousands of
 * requests, needs no OTLP classes and keeps nothing.
 */
final class OtlpSpanCount {

  private OtlpSpanCount() {}

  /** Spans in {@code request}; throws {@link IllegalStateException} if it is not protobuf. */
  static long of(byte[] request) {
    long count = 0;
    Wire top = new Wire(request, 0, request.length);
    while (top.next()) {
      if (top.field == 1 && top.isBytes()) {
        Wire resourceSpans = top.sub();
        while (resourceSpans.next()) {
          if (resourceSpans.field == 2 && resourceSpans.isBytes()) {
            Wire scopeSpans = resourceSpans.sub();
            while (scopeSpans.next()) {
              if (scopeSpans.field == 2 && scopeSpans.isBytes()) {
                count++;
              }
            }
          }
        }
      }
    }
    return count;
  }

  /** A cursor over protobuf fields between {@code start} and {@code end}. */
  private static final class Wire {
    private final byte[] b;
    private int pos;
    private final int end;
    int field;
    private int wireType;
    private int valueStart;
    private int valueEnd;

    Wire(byte[] b, int start, int end) {
      this.b = b;
      this.pos = start;
      this.end = end;
    }

    boolean next() {
      if (pos >= end) {
        return false;
      }
      long key = varint();
      field = (int) (key >>> 3);
      wireType = (int) (key & 7);
      switch (wireType) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 5 -> pos += 4;
        case 2 -> {
          int length = (int) varint();
          valueStart = pos;
          valueEnd = pos + length;
          pos = valueEnd;
        }
        default -> throw new IllegalStateException("unsupported wire type " + wireType);
      }
      if (pos > end || pos < 0) {
        throw new IllegalStateException("truncated protobuf");
      }
      return true;
    }

    boolean isBytes() {
      return wireType == 2;
    }

    Wire sub() {
      return new Wire(b, valueStart, valueEnd);
    }

    private long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IllegalStateException("truncated varint");
        }
        byte x = b[pos++];
        value |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          return value;
        }
      }
      throw new IllegalStateException("bad varint");
    }
  }
}
