/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Span attributes that cannot become annotations from the application's side, and why.
 *
 * <p>The collector's awsxray translator ({@code exporter/awsxrayexporter/internal/translator})
 * reads some attributes into the segment's {@code http}, {@code aws}, {@code sql}, {@code cause}
 * and {@code user} fields and removes them before it picks annotations. Its exporter setting {@code
 * indexed_attributes} puts named ones back; the span's own {@code aws.xray.annotations} list does
 * not. So listing them from here would do nothing, and renaming them (to sanitise the key) would
 * take the data away from the field that needs it.
 *
 * <p>The lists follow {@code http.go}, {@code cause.go}, {@code aws.go}, {@code sql.go} and {@code
 * segment.go} (contrib v0.156.0), widened to whole namespaces where the translator reads a
 * namespace piecemeal or only sometimes ({@code net.*}; {@code db.*}, removed only for SQL
 * databases; {@code exception.*}): a key that is an annotation on one span and vanishes on the
 * next, or after a collector upgrade, is worse than one that is consistently left to {@code
 * indexed_attributes}.
 */
final class TranslatorKeys {

  /** Why a key cannot be an annotation. */
  enum Reason {
    /** The translator consumes it; only the exporter's {@code indexed_attributes} can index it. */
    CONSUMED,
    /**
     * A captured HTTP header: always a string array, which the collector drops entirely when it is
     * indexed (and a header is where secrets live).
     */
    HEADER,
    /** The exporter's own control attributes ({@code aws.xray.annotations}, metadata, prefix). */
    CONTROL
  }

  static final String ANNOTATIONS = "aws.xray.annotations";
  static final String ANNOTATION_PREFIX = "aws.xray.annotation.";
  static final String METADATA_PREFIX = "aws.xray.metadata.";

  private static final Set<String> CONSUMED =
      new HashSet<>(
          Arrays.asList(
              // http.go: request and response, old and stable semantic conventions
              "http.method",
              "http.request.method",
              "http.client_ip",
              "http.user_agent",
              "user_agent.original",
              "http.status_code",
              "http.response.status_code",
              "http.url",
              "url.full",
              "http.scheme",
              "url.scheme",
              "http.host",
              "http.target",
              "url.query",
              "url.path",
              "http.server_name",
              "host.name", // read as a server URL part, surprisingly
              "server.address",
              "server.port",
              "client.address",
              "network.peer.address",
              // cause.go: the error message of spans without exception events
              "http.status_text",
              // aws.go: the segment's aws object
              "aws.operation",
              "aws.account_id",
              "aws.region",
              "aws.request_id",
              "aws.requestId",
              "aws.queue_url",
              "aws.queue.url",
              "aws.table_name",
              "aws.table.name",
              "rpc.method",
              // segment.go: the segment's user
              "enduser.id"));

  private static final List<String> CONSUMED_PREFIXES =
      Collections.unmodifiableList(Arrays.asList("net.", "db.", "exception."));

  private static final List<String> HEADER_PREFIXES =
      Collections.unmodifiableList(Arrays.asList("http.request.header.", "http.response.header."));

  /**
   * Keys of the namespaces above that spans really carry. A glob is reported as reaching into a
   * namespace when its literal part lies inside it or it matches one of these: {@code *.id} does
   * not reach into {@code net.*} by that test, {@code n*} does.
   */
  private static final List<String> NAMESPACE_EXAMPLES =
      Collections.unmodifiableList(
          Arrays.asList(
              "net.peer.name",
              "net.peer.port",
              "net.peer.ip",
              "net.host.name",
              "net.host.port",
              "net.sock.peer.addr",
              "net.transport",
              "db.system",
              "db.name",
              "db.statement",
              "db.user",
              "db.connection_string",
              "db.operation",
              "exception.type",
              "exception.message",
              "exception.stacktrace",
              "http.request.header.authorization",
              "http.request.header.cookie",
              "http.request.header.x-api-key",
              "http.request.header.content-type",
              "http.response.header.set-cookie",
              "http.response.header.content-type"));

  private TranslatorKeys() {}

  /** Why {@code key} cannot be an annotation, or {@code null} when it can. Allocates nothing. */
  static Reason reason(String key) {
    if (CONSUMED.contains(key) || startsWithAny(key, CONSUMED_PREFIXES)) {
      return Reason.CONSUMED;
    }
    if (startsWithAny(key, HEADER_PREFIXES)) {
      return Reason.HEADER;
    }
    if (key.equals(ANNOTATIONS)
        || key.startsWith(ANNOTATION_PREFIX)
        || key.startsWith(METADATA_PREFIX)) {
      return Reason.CONTROL;
    }
    return null;
  }

  static boolean annotatable(String key) {
    return reason(key) == null;
  }

  /**
   * The start-up warning for one configured entry that names or can match keys no annotation can
   * come from, or {@code null} when it cannot.
   */
  static String warningFor(String configKey, AttributeGlob glob) {
    if (glob.isLiteral()) {
      Reason reason = reason(glob.toString());
      if (reason == Reason.CONSUMED) {
        return configKey
            + ": '"
            + glob
            + "' is read and removed by the collector's awsxray"
            + " translator before it picks annotations, so it cannot be indexed from the"
            + " application; name it in the awsxray exporter's indexed_attributes instead.";
      }
      if (reason == Reason.HEADER) {
        return configKey
            + ": '"
            + glob
            + "' is a captured HTTP header, a string array, which"
            + " X-Ray cannot index (the collector drops indexed arrays); not indexed. Copy the"
            + " value into a string attribute aws.xray.annotation.<name> instead.";
      }
      return null;
    }
    Set<String> consumed = new TreeSet<>();
    for (String key : CONSUMED) {
      if (glob.matches(key)) {
        consumed.add(key);
      }
    }
    for (String namespace : CONSUMED_PREFIXES) {
      if (reaches(glob, namespace)) {
        consumed.add(namespace + "*");
      }
    }
    boolean headers = false;
    for (String namespace : HEADER_PREFIXES) {
      headers |= reaches(glob, namespace);
    }
    if (consumed.isEmpty() && !headers) {
      return null;
    }
    StringBuilder message = new StringBuilder(configKey).append(": '").append(glob).append("'");
    if (!consumed.isEmpty()) {
      message
          .append(" also matches attributes the collector's awsxray translator reads and removes")
          .append(" before it picks annotations (")
          .append(examples(consumed))
          .append("); those are not indexed from here: name them in the awsxray exporter's")
          .append(" indexed_attributes instead.");
    }
    if (headers) {
      message
          .append(consumed.isEmpty() ? " also" : " It also")
          .append(" matches captured HTTP headers (http.request.header.*,")
          .append(" http.response.header.*), string arrays X-Ray cannot index; those are not")
          .append(" indexed.");
    }
    return message.toString();
  }

  /** {@code glob} can match keys in {@code namespace}, by the test of NAMESPACE_EXAMPLES. */
  private static boolean reaches(AttributeGlob glob, String namespace) {
    if (glob.literalPrefix().startsWith(namespace)) {
      return true;
    }
    for (String example : NAMESPACE_EXAMPLES) {
      if (example.startsWith(namespace) && glob.matches(example)) {
        return true;
      }
    }
    return false;
  }

  private static String examples(Set<String> keys) {
    List<String> list = new ArrayList<>(keys);
    if (list.size() <= 4) {
      return String.join(", ", list);
    }
    return String.join(", ", list.subList(0, 4)) + " and " + (list.size() - 4) + " more";
  }

  private static boolean startsWithAny(String key, List<String> prefixes) {
    for (int i = 0; i < prefixes.size(); i++) {
      if (key.startsWith(prefixes.get(i))) {
        return true;
      }
    }
    return false;
  }
}
