package io.github.otelxray.sampling;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts for one rule since the last report: requests that matched (root decisions only), how many
 * were sampled, and how many of those were borrowed. {@code LongAdder}s so request threads never
 * contend on one counter.
 */
final class RuleStatistics {

  private final LongAdder requests = new LongAdder();
  private final LongAdder sampled = new LongAdder();
  private final LongAdder borrowed = new LongAdder();

  void recordRequest() {
    requests.increment();
  }

  void recordSampled() {
    sampled.increment();
  }

  void recordBorrowed() {
    borrowed.increment();
  }

  /** Reads and resets the counts; a request counted mid-read goes into the next report. */
  Counts drain() {
    return new Counts(requests.sumThenReset(), sampled.sumThenReset(), borrowed.sumThenReset());
  }

  /** One report's worth of counts. */
  static final class Counts {
    final long requests;
    final long sampled;
    final long borrowed;

    Counts(long requests, long sampled, long borrowed) {
      this.requests = requests;
      this.sampled = sampled;
      this.borrowed = borrowed;
    }
  }
}
