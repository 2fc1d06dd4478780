/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.propagation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code xray-lambda} propagator: {@link XRayPropagator}, and then, unless the context already
 * held a span, the trace header the Lambda runtime gives this invocation, which wins over the one
 * in the carrier. That makes the Lambda service's own segment the parent, as contrib's and ADOT's
 * Lambda propagators do; the header inside the event stays available for a span link.
 *
 * <p>The runtime's header is read from the system property {@code com.amazonaws.xray.traceHeader}
 * first (the Java runtime updates it per invocation, aws-xray-sdk-java#251), then from the env var
 * {@code _X_AMZN_TRACE_ID}; an empty value counts as absent.
 */
public final class XRayLambdaPropagator implements TextMapPropagator {

  static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
  static final String TRACE_HEADER_ENV = "_X_AMZN_TRACE_ID";

  private static final XRayLambdaPropagator INSTANCE =
      new XRayLambdaPropagator(System::getProperty, System::getenv);

  private final Function<String, String> properties;
  private final Function<String, String> environment;

  XRayLambdaPropagator(Function<String, String> properties, Function<String, String> environment) {
    this.properties = properties;
    this.environment = environment;
  }

  public static XRayLambdaPropagator getInstance() {
    return INSTANCE;
  }

  @Override
  public List<String> fields() {
    return XRayPropagator.getInstance().fields();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    XRayPropagator.getInstance().inject(context, carrier, setter);
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    Context extracted = XRayPropagator.getInstance().extract(context, carrier, getter);
    if (context == null || Span.fromContext(context).getSpanContext().isValid()) {
      return extracted;
    }
    TraceHeader lambdaHeader = TraceHeader.parse(lambdaTraceHeader());
    return lambdaHeader == null ? extracted : XRayPropagator.contextOf(extracted, lambdaHeader);
  }

  private String lambdaTraceHeader() {
    String header = properties.apply(TRACE_HEADER_PROPERTY);
    if (header == null || header.isEmpty()) {
      header = environment.apply(TRACE_HEADER_ENV);
    }
    return header;
  }

  @Override
  public String toString() {
    return "XRayLambdaPropagator";
  }
}
