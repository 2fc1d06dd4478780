/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.sigv4.RequestSigner;
import io.github.otelxray.sigv4.SigningTarget;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedExportTest {

  /** Named as the agent's exporter: the choice goes by the simple class name. */
  static class OtlpHttpSpanExporter implements SpanExporter {
    boolean shutdown;

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      shutdown = true;
      return CompletableResultCode.ofSuccess();
    }
  }

  static final class OtlpGrpcSpanExporter extends OtlpHttpSpanExporter {}

  static final class LoggingSpanExporter extends OtlpHttpSpanExporter {}

  private final List<String> warnings = new ArrayList<>();
  private final List<String> regions = new ArrayList<>();

  private SpanExporter decide(SpanExporter exporter, Map<String, String> properties) {
    return SignedExport.signIfXRay(
        exporter,
        DefaultConfigProperties.createFromMap(properties),
        Collections.emptyMap(),
        warnings::add,
        (SigningTarget target) -> {
          regions.add(target.region());
          return new RequestSigner() {
            @Override
            public Map<String, String> sign(
                String method, java.net.URI uri, Map<String, String> headers, byte[] body) {
              return Collections.emptyMap();
            }

            @Override
            public void close() {}
          };
        });
  }

  private static Map<String, String> props(String... keysAndValues) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void replacesTheHttpExporterToXRaysEndpointWithTheSignedOne() {
    OtlpHttpSpanExporter agents = new OtlpHttpSpanExporter();

    SpanExporter chosen =
        decide(
            agents,
            props(
                "otel.exporter.otlp.traces.endpoint",
                "https://xray.eu-central-1.amazonaws.com/v1/traces",
                "otel.exporter.otlp.traces.compression",
                "gzip"));

    assertThat(chosen)
        .isInstanceOf(SignedOtlpExporter.class)
        .hasToString(
            "SignedOtlpExporter{endpoint=https://xray.eu-central-1.amazonaws.com/v1/traces,"
                + " gzip=true}");
    assertThat(regions).containsExactly("eu-central-1");
    assertThat(agents.shutdown).isTrue();
    assertThat(warnings).isEmpty();
  }

  @Test
  void appendsTheTracesPathToTheGeneralEndpoint() {
    SpanExporter chosen =
        decide(
            new OtlpHttpSpanExporter(),
            props("otel.exporter.otlp.endpoint", "https://xray.us-west-2.amazonaws.com"));

    assertThat(chosen)
        .hasToString(
            "SignedOtlpExporter{endpoint=https://xray.us-west-2.amazonaws.com/v1/traces,"
                + " gzip=false}");
  }

  @Test
  void leavesOtherEndpointsAndExportersAlone() {
    OtlpHttpSpanExporter toCollector = new OtlpHttpSpanExporter();
    LoggingSpanExporter logging = new LoggingSpanExporter();

    assertThat(decide(toCollector, props("otel.exporter.otlp.endpoint", "http://localhost:4318")))
        .isSameAs(toCollector);
    assertThat(decide(toCollector, props())).isSameAs(toCollector);
    assertThat(
            decide(
                logging,
                props("otel.exporter.otlp.endpoint", "https://xray.us-west-2.amazonaws.com")))
        .isSameAs(logging);
    assertThat(regions).isEmpty();
    assertThat(toCollector.shutdown).isFalse();
  }

  @Test
  void warnsThatGrpcCannotReachXRayAndSaysWhatToSet() {
    OtlpGrpcSpanExporter grpc = new OtlpGrpcSpanExporter();

    SpanExporter chosen =
        decide(grpc, props("otel.exporter.otlp.endpoint", "https://xray.us-west-2.amazonaws.com"));

    assertThat(chosen).isSameAs(grpc);
    assertThat(warnings)
        .singleElement()
        .satisfies(w -> assertThat(w).contains("otel.exporter.otlp.traces.protocol=http/protobuf"));
    assertThat(regions).isEmpty();
  }

  @Test
  void signsAVpcEndpointOnlyWhenSwitchedOn() {
    OtlpHttpSpanExporter agents = new OtlpHttpSpanExporter();
    Map<String, String> vpce =
        props("otel.exporter.otlp.traces.endpoint", "https://vpce-1.xray.internal/v1/traces");

    assertThat(decide(agents, vpce)).isSameAs(agents);
    vpce.put("otel.aws.xray.sigv4.enabled", "true");
    // No region anywhere: one warning, unsigned.
    assertThat(decide(agents, vpce)).isSameAs(agents);
    assertThat(warnings).singleElement().satisfies(w -> assertThat(w).contains("AWS_REGION"));
  }

  @Test
  void retriesAsTheAgentsExporterDoesUnlessItsRetriesAreDisabled() {
    assertThat(retryOf(props())).contains("maxAttempts=5");
    assertThat(retryOf(props("otel.java.exporter.otlp.retry.disabled", "false")))
        .contains("maxAttempts=5");
    assertThat(retryOf(props("otel.java.exporter.otlp.retry.disabled", "true")))
        .contains("maxAttempts=1");
  }

  private static String retryOf(Map<String, String> properties) {
    return SignedExport.retry(DefaultConfigProperties.createFromMap(properties)).toString();
  }
}
