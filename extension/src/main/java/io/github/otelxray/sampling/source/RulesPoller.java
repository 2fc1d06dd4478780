/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import io.github.otelxray.logging.LogText;
import io.github.otelxray.logging.ProblemLog;
import io.github.otelxray.sampling.rules.RuleApplier;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.XRaySampler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps the sampler's rules and targets current, on one daemon thread of its own:
 *
 * <ul>
 *   <li>rules at start, then every polling interval plus a little jitter, and at once when X-Ray
 *       says a rule changed after our last fetch ({@code LastRuleModification}), once per change
 *       announced;
 *   <li>statistics every 10 s, or as often as X-Ray's {@code Interval} asks, and only when some
 *       rule saw requests (an empty report is never sent);
 *   <li>after a failed rules fetch, retries at 2 s, 4 s, 8 s ... up to the polling interval
 *       (contrib waits the whole 5 minutes), keeping the rules in force meanwhile; X-Ray rules not
 *       refreshed for an hour give way to the local rules file or the built-in default, as in the
 *       X-Ray SDK.
 * </ul>
 *
 * <p>{@link #shutdown()} reports the counts since the last report, then ends the thread: what the
 * process sampled in its last seconds still counts against X-Ray's quotas.
 *
 * <p>{@link #pollRules()} and {@link #reportStatistics()} return the delay before they should run
 * again, so tests drive them directly with a fake API and clock.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class RulesPoller implements Closeable {

  static final long DEFAULT_REPORT_INTERVAL_MILLIS = 10_000;
  static final long FIRST_RETRY_MILLIS = 2_000;
  static final long RULES_EXPIRE_AFTER_MILLIS = 60 * 60 * 1000L;

  private final XRaySampler sampler;
  private final SamplingApi api;
  private final RulesSnapshot fallback;
  private final long pollingIntervalMillis;
  private final LongSupplier clock;
  private final ProblemLog log;
  private final String clientId;

  // Touched only by the poller thread (or a test driving it).
  private long lastRulesFetchMillis = -1;
  private long modificationFetchedFor = Long.MIN_VALUE;
  private int rulesFailures;
  private long reportIntervalMillis = DEFAULT_REPORT_INTERVAL_MILLIS;
  private List<String> boostRuleNames = Collections.emptyList();
  private ScheduledThreadPoolExecutor executor; // guarded by this
  private CompletableResultCode shutdownResult; // guarded by this
  private volatile Thread pollerThread;
  private volatile boolean shuttingDown;

  public RulesPoller(
      XRaySampler sampler,
      SamplingApi api,
      RulesSnapshot fallback,
      long pollingIntervalMillis,
      LongSupplier clock,
      ProblemLog log,
      String clientId) {
    this.sampler = sampler;
    this.api = api;
    this.fallback = fallback;
    this.pollingIntervalMillis = pollingIntervalMillis;
    this.clock = clock;
    this.log = log;
    this.clientId = clientId;
  }

  /** A fresh {@code ClientID}: 24 random lower-case hex digits, one per sampler. */
  public static String newClientId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format("%08x%016x", random.nextInt(), random.nextLong());
  }

  /** The sampler whose rules and targets this keeps current. */
  public XRaySampler sampler() {
    return sampler;
  }

  public synchronized void start() {
    if (executor != null || shutdownResult != null) {
      return;
    }
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "otel-xray-sampling");
              thread.setDaemon(true);
              pollerThread = thread;
              return thread;
            });
    // On shutdown, pending polls and reports are dropped: only the final report runs.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    executor.schedule(this::rulesTask, 0, TimeUnit.MILLISECONDS);
    executor.schedule(this::reportTask, DEFAULT_REPORT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Reports the statistics not yet reported, on the poller's thread after whatever it is doing, and
   * returns once that thread has ended, waiting no longer than a call may take: nothing of the
   * sampler outlives the SDK's shutdown. Calling again returns the same result, which fails only
   * when the thread was still busy (with a slow peer) when the wait ended.
   */
  public CompletableResultCode shutdown() {
    ScheduledThreadPoolExecutor running;
    CompletableResultCode result;
    synchronized (this) {
      if (shutdownResult != null) {
        return shutdownResult;
      }
      shutdownResult = new CompletableResultCode();
      shuttingDown = true;
      result = shutdownResult;
      running = executor;
      if (running == null) {
        api.close();
        return result.succeed();
      }
      running.execute(
          () -> {
            try {
              safely(this::reportStatistics, 0);
            } finally {
              api.close();
            }
          });
      running.shutdown();
    }
    // Outside the lock: the poller's thread may need it to finish what it is doing.
    return awaitEnd(running) ? result.succeed() : result.fail();
  }

  private boolean awaitEnd(ScheduledThreadPoolExecutor running) {
    long waitMillis = HttpSamplingApi.CALL_DEADLINE_MILLIS + 1_000L;
    Thread thread = pollerThread;
    if (thread == Thread.currentThread()) {
      return true; // shut down from the poller's own work: it ends after this task
    }
    try {
      if (!running.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
        return false;
      }
      if (thread != null) {
        thread.join(waitMillis);
        return !thread.isAlive();
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@link #shutdown()}, waiting at most as long as one statistics call may take. */
  @Override
  public void close() {
    shutdown().join(HttpSamplingApi.CALL_DEADLINE_MILLIS + 1_000, TimeUnit.MILLISECONDS);
  }

  /** Fetches the rules once; returns the delay before the next fetch. */
  long pollRules() {
    long now = clock.getAsLong();
    try {
      SamplingApiJson.RulesPage page = api.getSamplingRules();
      log.warnEach("rule", "rules were skipped", page.skipped);
      if (page.rules.isEmpty()) {
        throw new SamplingApiException("GetSamplingRules answered with no usable rule");
      }
      RulesSnapshot current = sampler.snapshot();
      RulesSnapshot next = current.withRules(page.rules, RulesSnapshot.Source.XRAY);
      sampler.replace(next);
      lastRulesFetchMillis = now;
      rulesFailures = 0;
      if (current.source() != RulesSnapshot.Source.XRAY) {
        log.info(
            "X-Ray sampling: "
                + next.appliers().size()
                + " rules from "
                + api.endpoint()
                + " apply to this service; "
                + page.rules.size()
                + " rules in total.");
      }
      log.recovered("rules", "X-Ray sampling rules fetched from " + api.endpoint() + " again.");
      logBoostRules(next);
      // Silently: the line above already says so. A later expiry must be able to warn again.
      log.clear("expired");
      return pollingIntervalMillis + jitter(Math.min(5_000, pollingIntervalMillis / 10));
    } catch (SamplingApiException | RuntimeException e) {
      return rulesFailed(now, e);
    }
  }

  /** Says once which rules take part in sampling boost, whenever that set changes. */
  private void logBoostRules(RulesSnapshot snapshot) {
    List<String> names = new ArrayList<>();
    for (RuleApplier applier : snapshot.appliers()) {
      if (applier.rule().boost() != null) {
        names.add(LogText.escape(applier.rule().ruleName()));
      }
    }
    if (!names.equals(boostRuleNames) && !names.isEmpty()) {
      log.info(
          "X-Ray sampling boost: rules "
              + String.join(", ", names)
              + " have a SamplingRateBoost; their requests and anomalies are reported with the"
              + " statistics, and X-Ray may raise their rates for a while.");
    }
    boostRuleNames = names;
  }

  /** Reports the counts since the last report; returns the delay before the next report. */
  long reportStatistics() {
    RulesSnapshot snapshot = sampler.snapshot();
    if (snapshot.source() != RulesSnapshot.Source.XRAY) {
      return DEFAULT_REPORT_INTERVAL_MILLIS;
    }
    List<RulesSnapshot.RuleCounts> counts = snapshot.drainStatistics();
    if (counts.isEmpty()) {
      return reportIntervalMillis;
    }
    long now = clock.getAsLong();
    try {
      SamplingApiJson.Targets targets = api.getSamplingTargets(counts, clientId, now);
      log.warnEach("target", "sampling target problems were found", targets.problems);
      sampler.replace(sampler.snapshot().withTargets(targets.grants));
      reportIntervalMillis = nextReportInterval(targets);
      log.recovered(
          "targets", "X-Ray sampling statistics reported to " + api.endpoint() + " again.");
      Long modified = targets.lastRuleModificationMillis;
      if (!shuttingDown
          && modified != null
          && modified > lastRulesFetchMillis
          && modified != modificationFetchedFor) {
        // A rule changed since we fetched: fetch now rather than at the next poll. Once per
        // announced change: a LastRuleModification in the future (a skewed clock, a broken
        // proxy) stays later than every fetch and would otherwise fetch at every report.
        modificationFetchedFor = modified;
        pollRules();
      }
      return reportIntervalMillis;
    } catch (SamplingApiException | RuntimeException e) {
      if (saidElsewhere(e)) {
        return DEFAULT_REPORT_INTERVAL_MILLIS;
      }
      log.warn(
          "targets",
          "X-Ray sampling statistics could not be reported to "
              + api.endpoint()
              + ": "
              + describe(e)
              + ". Rules keep their last targets; retrying in "
              + DEFAULT_REPORT_INTERVAL_MILLIS / 1000
              + " s.");
      return DEFAULT_REPORT_INTERVAL_MILLIS;
    }
  }

  private long rulesFailed(long now, Exception e) {
    rulesFailures++;
    RulesSnapshot current = sampler.snapshot();
    if (current.source() == RulesSnapshot.Source.XRAY
        && now - lastRulesFetchMillis > RULES_EXPIRE_AFTER_MILLIS) {
      sampler.replace(fallback);
      log.warn(
          "expired",
          "X-Ray sampling rules have not been refreshed for an hour; sampling with "
              + fallback.source()
              + " until they can be fetched.");
      current = fallback;
    }
    if (!saidElsewhere(e)) {
      log.warn(
          "rules",
          "X-Ray sampling rules could not be fetched from "
              + api.endpoint()
              + ": "
              + describe(e)
              + ". Sampling with "
              + (current.source() == RulesSnapshot.Source.XRAY
                  ? "the last rules fetched"
                  : current.source().toString())
              + "; retrying with backoff.");
    }
    int doublings = Math.min(rulesFailures - 1, 20);
    long backoff = Math.min(FIRST_RETRY_MILLIS << doublings, pollingIntervalMillis);
    return backoff + jitter(backoff / 10);
  }

  private long nextReportInterval(SamplingApiJson.Targets targets) {
    long shortest = Long.MAX_VALUE;
    for (RulesSnapshot.TargetGrant grant : targets.grants.values()) {
      if (grant.intervalSeconds != null && grant.intervalSeconds > 0) {
        shortest = Math.min(shortest, grant.intervalSeconds * 1000L);
      }
    }
    if (shortest == Long.MAX_VALUE) {
      return DEFAULT_REPORT_INTERVAL_MILLIS;
    }
    return Math.max(1_000, Math.min(shortest, pollingIntervalMillis));
  }

  /** Missing credentials: the shared credential chain has warned, for the exporter too. */
  private static boolean saidElsewhere(Exception e) {
    return e instanceof SamplingApiException && ((SamplingApiException) e).reportedElsewhere();
  }

  private static String describe(Exception e) {
    return e instanceof SamplingApiException ? e.getMessage() : e.toString();
  }

  private static long jitter(long bound) {
    return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound);
  }

  private void rulesTask() {
    reschedule(this::rulesTask, safely(this::pollRules, pollingIntervalMillis));
  }

  private void reportTask() {
    reschedule(this::reportTask, safely(this::reportStatistics, DEFAULT_REPORT_INTERVAL_MILLIS));
  }

  /** A bug of ours must not end the polling thread. */
  private long safely(LongSupplier step, long delayOnError) {
    try {
      return step.getAsLong();
    } catch (Throwable t) {
      log.warn("bug", "X-Ray sampling poller failed unexpectedly: " + t);
      return delayOnError;
    }
  }

  private synchronized void reschedule(Runnable task, long delayMillis) {
    if (executor != null && !executor.isShutdown()) {
      executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }
  }
}
