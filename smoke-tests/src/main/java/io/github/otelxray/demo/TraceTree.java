/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.demo;

import io.github.otelxray.fakes.ExportedSpan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders exported spans the way the X-Ray console lays out a trace: one block per trace under its
 * {@code 1-xxxxxxxx-…} id, each span indented under its parent, with service, span name, kind,
 * duration, HTTP status and X-Ray's marks: {@code fault} for 5xx, {@code throttle} for 429, {@code
 * error} for other 4xx (the awsxray exporter's rules).
 */
final class TraceTree {

  private TraceTree() {}

  static String render(List<ExportedSpan> spans) {
    Map<String, List<ExportedSpan>> byTrace = new LinkedHashMap<>();
    spans.stream()
        .sorted(Comparator.comparingLong(ExportedSpan::startEpochNanos))
        .forEach(s -> byTrace.computeIfAbsent(s.traceId(), t -> new ArrayList<>()).add(s));
    StringBuilder out = new StringBuilder();
    for (List<ExportedSpan> trace : byTrace.values()) {
      out.append("trace ").append(trace.get(0).xrayTraceId());
      Object rule = trace.get(0).attribute("aws.xray.sampling_rule");
      if (rule != null) {
        out.append("  (sampled by rule '").append(rule).append("')");
      }
      out.append('\n');
      Set<String> ids = new HashSet<>();
      trace.forEach(s -> ids.add(s.spanId()));
      for (ExportedSpan span : trace) {
        if (!ids.contains(span.parentSpanId())) {
          String from =
              span.isRoot() ? "" : "  (parent " + span.parentSpanId() + " from the caller)";
          appendSubtree(out, trace, span, 1, from);
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static void appendSubtree(
      StringBuilder out, List<ExportedSpan> trace, ExportedSpan span, int depth, String note) {
    out.append("  ".repeat(depth))
        .append(
            String.format(
                "%-11s %-14s %-6s %5d ms",
                span.serviceName(), span.name(), kind(span), span.durationMillis()));
    Object status = span.attribute("http.response.status_code");
    if (status != null) {
      out.append("  HTTP ").append(status);
      String mark = mark(((Number) status).longValue());
      if (!mark.isEmpty()) {
        out.append("  [").append(mark).append(']');
      }
    }
    out.append(note).append('\n');
    for (ExportedSpan child : trace) {
      if (child.parentSpanId().equals(span.spanId())) {
        appendSubtree(out, trace, child, depth + 1, "");
      }
    }
  }

  static String mark(long status) {
    if (status >= 500) {
      return "fault";
    }
    if (status == 429) {
      return "throttle";
    }
    if (status >= 400) {
      return "error";
    }
    return "";
  }

  private static String kind(ExportedSpan span) {
    return span.kind().replace("SPAN_KIND_", "").toLowerCase();
  }
}
