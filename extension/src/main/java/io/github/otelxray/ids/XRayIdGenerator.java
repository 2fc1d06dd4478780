package io.github.otelxray.ids;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Trace ids in the X-Ray layout: the high 32 bits are the current Unix epoch in seconds, the other
 * 96 bits random; span ids are 64 random bits. Printed as hex, trace id {@code
 * 5759e988bd862e3fe1be46a994272793} is X-Ray's {@code 1-5759e988-bd862e3fe1be46a994272793}.
 *
 * <p>Randomness comes from {@link ThreadLocalRandom} per call, as the SDK's own random generator
 * does: no lock, no shared state, and nothing seeded at class-initialisation time (which would
 * break native images that snapshot the heap).
 */
public final class XRayIdGenerator implements IdGenerator {

  private static final XRayIdGenerator INSTANCE = new XRayIdGenerator(System::currentTimeMillis);

  private final LongSupplier epochMillis;

  XRayIdGenerator(LongSupplier epochMillis) {
    this.epochMillis = epochMillis;
  }

  public static IdGenerator getInstance() {
    return INSTANCE;
  }

  @Override
  public String generateSpanId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0L);
    return SpanId.fromLong(id);
  }

  @Override
  public String generateTraceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long epochSeconds = epochMillis.getAsLong() / 1000L;
    // The epoch occupies the top 32 bits, the rest is random. A non-zero epoch keeps the id away
    // from the invalid all-zero id, so unlike span ids no retry loop is needed.
    long high = ((epochSeconds & 0xFFFFFFFFL) << 32) | (random.nextInt() & 0xFFFFFFFFL);
    long low = random.nextLong();
    return TraceId.fromLongs(high, low);
  }

  @Override
  public String toString() {
    return "XRayIdGenerator";
  }
}
