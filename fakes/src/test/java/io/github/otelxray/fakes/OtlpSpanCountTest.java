/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

/**
 * The counting collector walks the wire format instead of decoding: it must count what the decoding
 * collector keeps, so that a benchmark's span counts mean what a test's spans do.
 */
class OtlpSpanCountTest {

  private static Span span(int n) {
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(new byte[16]))
        .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) n}))
        .setName("GET /hello/" + n)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("url.path")
                .setValue(AnyValue.newBuilder().setStringValue("/hello/" + n)))
        .build();
  }

  private static ResourceSpans service(String name, int scopes, int spansPerScope) {
    ResourceSpans.Builder resourceSpans =
        ResourceSpans.newBuilder()
            .setResource(
                Resource.newBuilder()
                    .addAttributes(
                        KeyValue.newBuilder()
                            .setKey("service.name")
                            .setValue(AnyValue.newBuilder().setStringValue(name))));
    for (int s = 0; s < scopes; s++) {
      ScopeSpans.Builder scope = ScopeSpans.newBuilder();
      for (int i = 0; i < spansPerScope; i++) {
        scope.addSpans(span(s * spansPerScope + i));
      }
      resourceSpans.addScopeSpans(scope);
    }
    return resourceSpans.build();
  }

  @Test
  void countsWhatDecodingKeeps() throws Exception {
    byte[] request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(service("frontend", 2, 3))
            .addResourceSpans(service("backend", 1, 4))
            .build()
            .toByteArray();

    assertThat(OtlpSpanCount.of(request)).isEqualTo(10);
    assertThat(OtlpSpans.decode(request)).hasSize(10);
  }

  @Test
  void anEmptyRequestHasNoSpans() {
    assertThat(OtlpSpanCount.of(new byte[0])).isZero();
  }

  @Test
  void refusesBytesThatAreNotProtobuf() {
    assertThatThrownBy(() -> OtlpSpanCount.of("<html>502</html>".getBytes()))
        .isInstanceOf(IllegalStateException.class);
  }
}
