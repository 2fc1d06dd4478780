/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.propagation;

import static io.github.otelxray.propagation.TraceHeader.Decision.DEFERRED;
import static io.github.otelxray.propagation.TraceHeader.Decision.NOT_SAMPLED;
import static io.github.otelxray.propagation.TraceHeader.Decision.SAMPLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.otelxray.propagation.TraceHeader.Decision;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceHeaderTest {

  private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";
  private static final String TRACE_ID = "5759e988bd862e3fe1be46a994272793";
  private static final String PARENT = "53995c3f42cd8ad8";
  private static final String OTHER_ROOT = "1-11111111-111111111111111111111111";

  static Stream<Arguments> usableHeaders() {
    return Stream.of(
        row("canonical", "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1", PARENT, SAMPLED),
        row(
            "not sampled",
            "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=0",
            PARENT,
            NOT_SAMPLED),
        row("field order is free", "Parent=" + PARENT + ";Sampled=1;Root=" + ROOT, PARENT, SAMPLED),
        row(
            "trailing semicolon",
            "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;",
            PARENT,
            SAMPLED),
        row(
            "spaces around fields",
            "  Root=" + ROOT + " ; Parent=" + PARENT + " ;  Sampled=1  ",
            PARENT,
            SAMPLED),
        row(
            "spaces around '='",
            "Root = " + ROOT + ";Parent=  " + PARENT + ";Sampled= 1",
            PARENT,
            SAMPLED),
        row(
            "tabs count as spaces",
            "Root=" + ROOT + ";\tParent=" + PARENT + "\t;Sampled=\t1",
            PARENT,
            SAMPLED),
        row(
            "upper-case hex is lower-cased",
            "Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=53995C3F42CD8AD8;Sampled=1",
            PARENT,
            SAMPLED),
        row(
            "lower-case keys are recognised",
            "root=" + ROOT + ";parent=" + PARENT + ";sampled=0",
            PARENT,
            NOT_SAMPLED),
        row(
            "upper-case keys are recognised",
            "ROOT=" + ROOT + ";PARENT=" + PARENT + ";SAMPLED=1",
            PARENT,
            SAMPLED),
        row(
            "RootX and Parentage are custom fields, not ids",
            "Root="
                + ROOT
                + ";Parent="
                + PARENT
                + ";Sampled=1;RootX="
                + OTHER_ROOT
                + ";Parentage=1111111111111111",
            PARENT,
            SAMPLED),
        row(
            "Sampled prefix keys are custom fields",
            "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;SampledBy=0",
            PARENT,
            SAMPLED),
        row(
            "Sampled=? defers",
            "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=?",
            PARENT,
            DEFERRED),
        row("no Sampled defers", "Root=" + ROOT + ";Parent=" + PARENT, PARENT, DEFERRED),
        row(
            "Sampled=d defers",
            "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=d",
            PARENT,
            DEFERRED),
        row(
            "empty Sampled defers",
            "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=",
            PARENT,
            DEFERRED),
        row(
            "Sampled=10 defers",
            "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=10",
            PARENT,
            DEFERRED),
        row(
            "Sampled=01 defers",
            "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=01",
            PARENT,
            DEFERRED),
        row("Root only", "Root=" + ROOT, null, DEFERRED),
        row("Root only, sampled", "Root=" + ROOT + ";Sampled=1", null, SAMPLED),
        row(
            "15-char Parent is dropped",
            "Root=" + ROOT + ";Parent=53995c3f42cd8ad;Sampled=1",
            null,
            SAMPLED),
        row(
            "17-char Parent is dropped",
            "Root=" + ROOT + ";Parent=53995c3f42cd8ad80;Sampled=1",
            null,
            SAMPLED),
        row(
            "non-hex Parent is dropped",
            "Root=" + ROOT + ";Parent=53995c3f42cd8adz;Sampled=1",
            null,
            SAMPLED),
        row(
            "all-zero Parent is dropped",
            "Root=" + ROOT + ";Parent=0000000000000000;Sampled=1",
            null,
            SAMPLED),
        row("empty Parent is dropped", "Root=" + ROOT + ";Parent=;Sampled=0", null, NOT_SAMPLED),
        row(
            "fields without '=' are skipped",
            "Foo;Root=" + ROOT + ";;Parent=" + PARENT + ";Sampled=1",
            PARENT,
            SAMPLED),
        row(
            "duplicate Root: last wins",
            "Root=" + OTHER_ROOT + ";Parent=" + PARENT + ";Root=" + ROOT + ";Sampled=1",
            PARENT,
            SAMPLED),
        row(
            "duplicate Parent: last wins",
            "Root=" + ROOT + ";Parent=1111111111111111;Parent=" + PARENT + ";Sampled=1",
            PARENT,
            SAMPLED),
        row(
            "duplicate Sampled: last wins",
            "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Sampled=?",
            PARENT,
            DEFERRED),
        row(
            "ALB's Self is not the root",
            "Self=" + OTHER_ROOT + ";Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1",
            PARENT,
            SAMPLED),
        row(
            "application fields are ignored",
            "Root=" + ROOT + ";CalledFrom=app;Parent=" + PARENT + ";Sampled=1",
            PARENT,
            SAMPLED),
        row(
            "'=' inside a custom value does not matter",
            "Root=" + ROOT + ";Note=a=b=c;Parent=" + PARENT + ";Sampled=1",
            PARENT,
            SAMPLED));
  }

  private static Arguments row(String why, String header, String parentId, Decision decision) {
    return Arguments.of(why, header, parentId, decision);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("usableHeaders")
  void parsesUsableHeader(String why, String header, String parentId, Decision decision) {
    TraceHeader parsed = TraceHeader.parse(header);

    assertThat(parsed).as(why).isNotNull();
    assertThat(parsed.traceId()).as(why).isEqualTo(TRACE_ID);
    assertThat(parsed.parentId()).as(why).isEqualTo(parentId);
    assertThat(parsed.decision()).as(why).isEqualTo(decision);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "Root=1-1a-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", // short epoch
        "Root=1-0-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", // short epoch
        "Root=1-5759e988-bd862e3fe1be46a994272793zz;Parent=53995c3f42cd8ad8;Sampled=1", // junk
        "Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", // version
        "Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8;Sampled=1", // all zero
        "Root=1-5759e98-8bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", // dash moved
        "Root=1_5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", // first separator
        "Root=1-5759e988-bd862e3fe1be46a99427279;Parent=53995c3f42cd8ad8", // 23 random hex
        "Root=1-5759e98g-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", // non-hex epoch
        "Root=1-5759e988-bd862e3fe1be46a99427279x;Parent=53995c3f42cd8ad8", // non-hex random
        "Root=1-5759e988 bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", // space for dash
        "Root=5759e988bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", // W3C form
        "Root=;Parent=53995c3f42cd8ad8;Sampled=1", // empty root
        "Parent=53995c3f42cd8ad8;Sampled=1", // no root
        "RootX=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        "Self=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        "Root:1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", // wrong separator
        "Root=1-5759e988-bd862e3fe1be46a994272793,Parent=53995c3f42cd8ad8", // comma list
        "Root=1-5759e988-bd862e3fe1be46a994272793;Root=garbage;Parent=53995c3f42cd8ad8",
        " ",
        ";",
        "=",
      })
  void rejectsHeaderWithoutUsableRoot(String header) {
    assertThat(TraceHeader.parse(header)).isNull();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void rejectsAbsentHeader(String header) {
    assertThat(TraceHeader.parse(header)).isNull();
  }

  @Test
  void keepsLineageRawAndTrimmed() {
    // Validation is the propagator's job; the parser must not lose Lambda's own "hash:counter".
    TraceHeader parsed =
        TraceHeader.parse(
            "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1; Lineage = 456f6a97:0 ");

    assertThat(parsed.lineage()).isEqualTo("456f6a97:0");
  }

  @Test
  void hasNoLineageWhenFieldIsAbsentOrEmpty() {
    assertThat(TraceHeader.parse("Root=" + ROOT + ";Parent=" + PARENT).lineage()).isNull();
    assertThat(TraceHeader.parse("Root=" + ROOT + ";Lineage=;Parent=" + PARENT).lineage()).isNull();
  }

  @Test
  void acceptsHeaderOfExactlyMaxLength() {
    String header =
        padTo("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Pad=", TraceHeader.MAX_LENGTH);

    TraceHeader parsed = TraceHeader.parse(header);

    assertThat(parsed).isNotNull();
    assertThat(parsed.traceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void rejectsHeaderLongerThanMaxLength() {
    String header =
        padTo("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Pad=", TraceHeader.MAX_LENGTH + 1);

    assertThat(TraceHeader.parse(header)).isNull();
  }

  @Test
  void parsesThousandsOfEmptyFieldsFollowedByEquals() {
    // Pins the bounded per-field search: a whole-string scan per field would be quadratic here.
    assertThat(TraceHeader.parse(";".repeat(8000) + "=")).isNull();
  }

  @Test
  void findsRootAfterThousandsOfEmptyFields() {
    TraceHeader parsed = TraceHeader.parse(";".repeat(8000) + "Root=" + ROOT);

    assertThat(parsed).isNotNull();
    assertThat(parsed.traceId()).isEqualTo(TRACE_ID);
  }

  static Stream<String> hostileHeaders() {
    return Stream.of(
        "=",
        "==",
        "===;===",
        ";",
        ";;;;",
        "=;=;=;",
        "Root",
        "Root=",
        "Root==",
        "Root=1",
        "Root=1-",
        "Root=1--",
        "Root=1-5759e988",
        "Root=1-5759e988-",
        "Root=1-5759e988-bd862e3fe1be46a99427279",
        "Root=-----------------------------------",
        "Root=1-5759e988-bd862e3fe1be46a99427279\uD83D", // 35 chars ending in a lone surrogate
        "Root=1-\uD83D\uDE005759e988-bd862e3fe1be46a9942727",
        "Parent=",
        "Parent=;Sampled=",
        "Sampled",
        "Lineage=",
        "Lineage=:::",
        "\u0000",
        "Root=\u0000" + ROOT.substring(1),
        "Root=" + ROOT + "\u0000;Parent=" + PARENT,
        "\r\n",
        "Root=" + ROOT + "\r\nX-Injected: 1",
        "\t\t\t",
        "\uFEFFRoot=" + ROOT,
        "Root=１-５７５９e988-bd862e3fe1be46a994272793", // full-width digits
        "Røøt=" + ROOT,
        "\u202ERoot=" + ROOT, // right-to-left override
        "\uD800",
        "\uDFFF;\uD800=\uDBFF",
        "🙂=🙂;🙂",
        "Root=" + "a".repeat(5000),
        "Parent=" + "f".repeat(5000) + ";Root=" + ROOT,
        "x".repeat(TraceHeader.MAX_LENGTH),
        "=".repeat(TraceHeader.MAX_LENGTH),
        ";".repeat(TraceHeader.MAX_LENGTH),
        "a=;".repeat(TraceHeader.MAX_LENGTH / 3),
        ";".repeat(TraceHeader.MAX_LENGTH - 1) + "=",
        " ".repeat(TraceHeader.MAX_LENGTH),
        "Root=" + " ".repeat(100) + ";",
        "Root=\t;Parent=\t;Sampled=\t");
  }

  @ParameterizedTest
  @MethodSource("hostileHeaders")
  void neverThrowsOnHostileInput(String header) {
    assertThatCode(() -> TraceHeader.parse(header)).doesNotThrowAnyException();
  }

  private static String padTo(String prefix, int length) {
    return prefix + "x".repeat(length - prefix.length());
  }

  /**
   * Fuzzed (Jazzer; the corpus is {@code TraceHeaderTestInputs/}): any header value parses without
   * throwing, to nothing or to ids of the form OpenTelemetry requires.
   */
  @FuzzTest
  void fuzzParsesAnyHeaderToValidIdsOrNothing(byte[] input) {
    TraceHeader header = TraceHeader.parse(new String(input, StandardCharsets.UTF_8));
    if (header != null) {
      assertThat(header.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
      if (header.parentId() != null) {
        assertThat(header.parentId()).matches("[0-9a-f]{16}");
      }
      assertThat(header.decision()).isNotNull();
    }
  }
}
