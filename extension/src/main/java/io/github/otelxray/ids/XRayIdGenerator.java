/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.ids;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Trace ids in the X-Ray layout: the high 32 bits are the current Unix epoch in seconds, the other
 * 96 bits random; span ids are 64 random bits. Printed as hex, trace id {@code
 * 5759e988bd862e3fe1be46a994272793} is X-Ray's {@code 1-5759e988-bd862e3fe1be46a994272793}.
 *
 * <p>Randomness comes from {@link ThreadLocalRandom} per call, as the SDK's own random generator
 * does: no lock, no shared state. Its state lives in the heap, though, and a heap restored from a
 * snapshot (Lambda SnapStart, CRaC) replays it in every copy; so each random word is XORed with a
 * {@link RestoreSalt} that is drawn afresh after each restore ({@link RestoreHooks}). Until a
 * restore the salt is zero and costs one volatile read per id.
 */
public final class XRayIdGenerator implements IdGenerator {

  private static final XRayIdGenerator INSTANCE = forThisProcess();

  private final LongSupplier epochMillis;
  private final Supplier<? extends Random> random;
  private final RestoreSalt salt;

  XRayIdGenerator(LongSupplier epochMillis) {
    this(epochMillis, ThreadLocalRandom::current, new RestoreSalt());
  }

  XRayIdGenerator(LongSupplier epochMillis, Supplier<? extends Random> random, RestoreSalt salt) {
    this.epochMillis = epochMillis;
    this.random = random;
    this.salt = salt;
  }

  private static XRayIdGenerator forThisProcess() {
    RestoreSalt salt = new RestoreSalt();
    RestoreHooks.register(salt::reseed, System.getenv(), ClassLoader.getSystemClassLoader());
    return new XRayIdGenerator(System::currentTimeMillis, ThreadLocalRandom::current, salt);
  }

  public static IdGenerator getInstance() {
    return INSTANCE;
  }

  @Override
  public String generateSpanId() {
    Random random = this.random.get();
    long spanSalt = salt.span();
    long id;
    do {
      id = random.nextLong() ^ spanSalt;
    } while (id == 0L);
    return SpanId.fromLong(id);
  }

  @Override
  public String generateTraceId() {
    Random random = this.random.get();
    long epochSeconds = epochMillis.getAsLong() / 1000L;
    // The epoch occupies the top 32 bits, the rest is random. A non-zero epoch keeps the id away
    // from the invalid all-zero id, so unlike span ids no retry loop is needed.
    RestoreSalt.Words words = salt.words();
    long high =
        ((epochSeconds & 0xFFFFFFFFL) << 32) | ((random.nextInt() ^ words.traceHigh) & 0xFFFFFFFFL);
    long low = random.nextLong() ^ words.traceLow;
    return TraceId.fromLongs(high, low);
  }

  @Override
  public String toString() {
    return "XRayIdGenerator";
  }
}
