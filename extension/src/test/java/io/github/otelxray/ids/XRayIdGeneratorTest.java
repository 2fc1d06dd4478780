/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.ids;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XRayIdGeneratorTest {

  private static final int ITERATIONS = 10_000;

  @ParameterizedTest
  @CsvSource({
    "1700000000123, 6553f100", // millis are truncated, not rounded
    "1700000000999, 6553f100",
    "1700000001000, 6553f101",
    "1465510280000, 5759e988",
    "4294967295000, ffffffff", // last second that fits 32 bits (year 2106)
  })
  void startsTraceIdWithEpochSecondsInHex(long epochMillis, String prefix) {
    XRayIdGenerator generator = new XRayIdGenerator(() -> epochMillis);

    assertThat(generator.generateTraceId()).startsWith(prefix);
  }

  @Test
  void generatesValidDistinctTraceIdsForOneSecond() {
    XRayIdGenerator generator = new XRayIdGenerator(() -> 1_700_000_000_123L);
    Set<String> ids = new HashSet<>();

    for (int i = 0; i < ITERATIONS; i++) {
      String id = generator.generateTraceId();
      assertThat(TraceId.isValid(id)).as(id).isTrue();
      assertThat(id).startsWith("6553f100");
      ids.add(id);
    }

    // Within one second only the 96 random bits tell ids apart.
    assertThat(ids).hasSize(ITERATIONS);
  }

  @Test
  void randomisesAllNinetySixLowBits() {
    XRayIdGenerator generator = new XRayIdGenerator(() -> 1_700_000_000_123L);
    Set<String> hexDigitsSeenPerPosition = new HashSet<>();

    for (int i = 0; i < 1_000; i++) {
      String id = generator.generateTraceId();
      for (int position = 8; position < 32; position++) {
        hexDigitsSeenPerPosition.add(position + ":" + id.charAt(position));
      }
    }

    // 24 random positions x 16 digits; a fixed or zeroed part would leave gaps.
    assertThat(hexDigitsSeenPerPosition).hasSize(24 * 16);
  }

  @Test
  void generatesValidDistinctSpanIds() {
    XRayIdGenerator generator = new XRayIdGenerator(() -> 1_700_000_000_123L);
    Set<String> ids = new HashSet<>();

    for (int i = 0; i < ITERATIONS; i++) {
      String id = generator.generateSpanId();
      assertThat(SpanId.isValid(id)).as(id).isTrue();
      ids.add(id);
    }

    assertThat(ids).hasSize(ITERATIONS);
  }

  @Test
  void readsClockForEveryTraceId() {
    long[] now = {1_700_000_000_000L};
    XRayIdGenerator generator = new XRayIdGenerator(() -> now[0]);

    String first = generator.generateTraceId();
    now[0] += 1_000L;
    String second = generator.generateTraceId();

    assertThat(first).startsWith("6553f100");
    assertThat(second).startsWith("6553f101");
  }

  @Test
  void sharedInstanceUsesCurrentTime() {
    long before = System.currentTimeMillis() / 1000L;
    String id = XRayIdGenerator.getInstance().generateTraceId();
    long after = System.currentTimeMillis() / 1000L;

    // Slack for a clock step between the reads; a wrong source would be years off.
    long epochSeconds = Long.parseLong(id.substring(0, 8), 16);
    assertThat(epochSeconds).isBetween(before - 5, after + 5);
    assertThat(XRayIdGenerator.getInstance()).isSameAs(XRayIdGenerator.getInstance());
  }

  @Test
  void copiesRestoredFromOneSnapshotDoNotRepeatEachOthersIds() {
    // The snapshot holds the random state (here seed 42) and the salt as they were before it;
    // each restored copy starts from both, then its restore hook reseeds the salt.
    RestoreSalt firstSalt = new RestoreSalt();
    RestoreSalt secondSalt = new RestoreSalt();
    XRayIdGenerator first = restoredCopy(new Random(42), firstSalt);
    XRayIdGenerator second = restoredCopy(new Random(42), secondSalt);
    firstSalt.reseed();
    secondSalt.reseed();

    Set<String> traceIds = new HashSet<>();
    Set<String> spanIds = new HashSet<>();
    for (int i = 0; i < ITERATIONS; i++) {
      traceIds.add(first.generateTraceId());
      traceIds.add(second.generateTraceId());
      spanIds.add(first.generateSpanId());
      spanIds.add(second.generateSpanId());
    }

    assertThat(traceIds).hasSize(2 * ITERATIONS);
    assertThat(spanIds).hasSize(2 * ITERATIONS);
  }

  @Test
  void withoutARestoreHookCopiesOfOneSnapshotWouldRepeatEachOthersIds() {
    // The hazard the salt exists for: the same random state gives the same ids in every copy.
    XRayIdGenerator first = restoredCopy(new Random(42), new RestoreSalt());
    XRayIdGenerator second = restoredCopy(new Random(42), new RestoreSalt());

    assertThat(first.generateTraceId()).isEqualTo(second.generateTraceId());
    assertThat(first.generateSpanId()).isEqualTo(second.generateSpanId());
  }

  @Test
  void idsAfterARestoreKeepTheEpochAndStayValid() {
    RestoreSalt salt = new RestoreSalt();
    XRayIdGenerator generator = restoredCopy(new Random(42), salt);
    salt.reseed();

    for (int i = 0; i < ITERATIONS; i++) {
      assertThat(generator.generateTraceId()).startsWith("6553f100");
      assertThat(SpanId.isValid(generator.generateSpanId())).isTrue();
    }
  }

  private static XRayIdGenerator restoredCopy(Random snapshotRandom, RestoreSalt salt) {
    return new XRayIdGenerator(() -> 1_700_000_000_123L, () -> snapshotRandom, salt);
  }
}
