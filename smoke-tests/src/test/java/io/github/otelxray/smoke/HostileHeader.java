/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code X-Amzn-Trace-Id} value a client may send, and what must come of it: the trace it
 * continues, or {@code null} for a fresh trace. The table is the list the issue asks for: which
 * hostile or odd headers continue a trace and which start a new one.
 */
record HostileHeader(String header, String continuesTrace) {

  private static final String PARENT = "53995c3f42cd8ad8";

  static List<HostileHeader> cases() {
    List<HostileHeader> cases = new ArrayList<>();
    // Continue: headers AWS services and X-Ray SDKs really send, and harmless oddities.
    cases.add(continues(1, "Root=%s;Parent=" + PARENT + ";Sampled=1"));
    cases.add(continues(2, "Parent=" + PARENT + ";Sampled=1;Root=%s"));
    cases.add(
        new HostileHeader(
            "Root=1-5A000003-ABCDEF000000000000000003;Parent=53995C3F42CD8AD8;Sampled=1",
            "5a000003abcdef000000000000000003"));
    cases.add(continues(4, "  Root = %s ; Parent = " + PARENT + " ; Sampled = 1 ;"));
    cases.add(continues(5, "root=%s;parent=" + PARENT + ";sampled=1"));
    cases.add(continues(6, "Root=%s;Parent=" + PARENT + ";Sampled=?"));
    cases.add(continues(7, "Root=%s;Parent=" + PARENT));
    cases.add(continues(8, "Root=%s;Parent=" + PARENT + ";Sampled=d"));
    cases.add(continues(9, "Root=%s"));
    cases.add(continues(10, "Self=1-5a00000a-00000000000000000000000b;Root=%s;Parent=" + PARENT));
    cases.add(continues(11, "Root=%s;Parent=" + PARENT + ";Sampled=1;Lineage=456f6a97:0"));
    cases.add(continues(12, "Root=%s;;Parent=" + PARENT + ";Foo;Sampled=1"));
    cases.add(continues(13, "Root=%s;Parent=zzzz;Sampled=1"));
    cases.add(continues(14, "Root=%s;Parent=0000000000000000;Sampled=1"));
    cases.add(continues(15, "Root=%s;Parent=" + PARENT + ";Sampled=1;CalledFrom=app"));
    cases.add(continues(16, "Root=%s;Parent=" + PARENT + ";Sampled="));
    cases.add(continues(17, "Root=1-5a000099-000000000000000000000099;Root=%s;Parent=" + PARENT));
    cases.add(continues(18, "Root=%s;Parent=" + PARENT + ";Sampled=1" + ";x=y".repeat(500)));
    cases.add(continues(19, "Root=%s;Parent=" + PARENT + ";Sampled=1;Sampled=1;Sampled=1"));
    cases.add(continues(20, "\tRoot=%s\t;\tParent=" + PARENT + "\t"));

    // Fresh trace: nothing usable names a root.
    cases.add(fresh("garbage"));
    cases.add(fresh("Root="));
    cases.add(fresh("Root=1-"));
    cases.add(fresh("Root=1-5759e988-"));
    cases.add(fresh("Root=1-1a-bd862e3fe1be46a994272793;Parent=" + PARENT + ";Sampled=1"));
    cases.add(fresh("Root=1-5759e988-bd862e3fe1be46a994272793zz;Parent=" + PARENT));
    cases.add(fresh("Root=2-5759e988-bd862e3fe1be46a994272793;Parent=" + PARENT));
    cases.add(fresh("Root=1-00000000-000000000000000000000000;Parent=" + PARENT + ";Sampled=1"));
    cases.add(fresh("Root=1-5759e988-bd862e3fe1be46a99427279;Parent=" + PARENT));
    cases.add(fresh("RootX=1-5759e988-bd862e3fe1be46a994272793;Parent=" + PARENT));
    cases.add(fresh("Parent=" + PARENT + ";Sampled=1"));
    cases.add(fresh(";;;;;;;;"));
    cases.add(fresh("=;=;="));
    cases.add(fresh("Root=1-5759e988-bd862e3fe1be46a99427279g;Parent=" + PARENT));
    cases.add(fresh("Root=1-5759e988_bd862e3fe1be46a994272793;Parent=" + PARENT));
    cases.add(
        fresh(
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent="
                + PARENT
                + ";pad="
                + "a".repeat(9000)));
    cases.add(fresh("Root=1-5759e988-bd862e3fe1be46a994272793;Root=bogus"));
    cases.add(fresh("Sampled=1"));
    cases.add(fresh("Root=1-5759e988-bd862e3fe1be46a994272793 trailing"));
    cases.add(fresh(";".repeat(8000) + "="));
    cases.add(fresh("Root=1-5759e988-bd862e3fe1be46a994272793\"><script>"));
    cases.add(fresh("Root=%00"));
    return cases;
  }

  private static HostileHeader continues(int n, String template) {
    String hex = String.format("%02x", n);
    String epoch = "5a0000" + hex;
    String random = "0000000000000000000000" + hex;
    return new HostileHeader(String.format(template, "1-" + epoch + "-" + random), epoch + random);
  }

  private static HostileHeader fresh(String header) {
    return new HostileHeader(header, null);
  }

  @Override
  public String toString() {
    String shown = header.length() > 80 ? header.substring(0, 80) + "…" : header;
    return "'" + shown + "'";
  }
}
