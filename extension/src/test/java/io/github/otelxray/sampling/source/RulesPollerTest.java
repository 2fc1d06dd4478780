/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelxray.logging.ProblemLog;
import io.github.otelxray.sampling.rules.DecisionOptions;
import io.github.otelxray.sampling.rules.RuleApplier;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.SamplingRateBoost;
import io.github.otelxray.sampling.rules.SamplingRule;
import io.github.otelxray.sampling.rules.XRaySampler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulesPollerTest {

  private static final String RATE_SAMPLES = "4bf92f3577b34da60000000000000001";
  private static final String RATE_DROPS = "4bf92f3577b34da67fffffffffffffff";
  private static final long T0 = 1_700_000_000_000L;
  private static final long POLLING = 300_000;
  private static final long HOUR = 60 * 60 * 1000L;
  private static final String CLIENT_ID = "0123456789abcdef01234567";
  private static final Attributes GET =
      Attributes.of(AttributeKey.stringKey("http.request.method"), "GET");

  /** A sampling API that answers from queues and records what it was asked. */
  private static final class FakeApi implements SamplingApi {
    final Deque<Object> rulesAnswers = new ArrayDeque<>();
    final Deque<Object> targetsAnswers = new ArrayDeque<>();
    int rulesCalls;
    final List<List<RulesSnapshot.RuleCounts>> reports = new ArrayList<>();
    final List<String> clientIds = new ArrayList<>();
    final List<Long> reportTimes = new ArrayList<>();

    /** The thread of the last call: the poller's own once it is started. */
    volatile Thread lastCaller;

    void rules(SamplingRule... rules) {
      rulesAnswers.add(new SamplingApiJson.RulesPage(List.of(rules), List.of(), null));
    }

    void rulesWithSkipped(List<String> skipped, SamplingRule... rules) {
      rulesAnswers.add(new SamplingApiJson.RulesPage(List.of(rules), skipped, null));
    }

    void rulesFail(String message) {
      rulesAnswers.add(new SamplingApiException(message));
    }

    /** Fails as with no credentials, which the shared credential chain has already said. */
    void rulesFailForCredentialsReported() {
      rulesAnswers.add(credentialsReported());
    }

    void targetsFailForCredentialsReported() {
      targetsAnswers.add(credentialsReported());
    }

    private static SamplingApiException credentialsReported() {
      return new SamplingApiException(
          "GetSamplingRules not signed: no AWS credentials found",
          new io.github.otelxray.sigv4.SigningException("no AWS credentials found", true));
    }

    void targets(Map<String, RulesSnapshot.TargetGrant> grants, Long lastModification) {
      targetsAnswers.add(new SamplingApiJson.Targets(grants, lastModification, List.of()));
    }

    void targetsWithProblems(List<String> problems) {
      targetsAnswers.add(new SamplingApiJson.Targets(Map.of(), null, problems));
    }

    void targetsFail(String message) {
      targetsAnswers.add(new SamplingApiException(message));
    }

    @Override
    public SamplingApiJson.RulesPage getSamplingRules() throws SamplingApiException {
      rulesCalls++;
      lastCaller = Thread.currentThread();
      Object answer = rulesAnswers.poll();
      if (answer == null) {
        throw new AssertionError("unexpected GetSamplingRules call");
      }
      if (answer instanceof SamplingApiException) {
        throw (SamplingApiException) answer;
      }
      return (SamplingApiJson.RulesPage) answer;
    }

    @Override
    public SamplingApiJson.Targets getSamplingTargets(
        List<RulesSnapshot.RuleCounts> counts, String clientId, long nowMillis)
        throws SamplingApiException {
      reports.add(counts);
      lastCaller = Thread.currentThread();
      clientIds.add(clientId);
      reportTimes.add(nowMillis);
      Object answer = targetsAnswers.poll();
      if (answer == null) {
        throw new AssertionError("unexpected SamplingTargets call");
      }
      if (answer instanceof SamplingApiException) {
        throw (SamplingApiException) answer;
      }
      return (SamplingApiJson.Targets) answer;
    }

    @Override
    public String endpoint() {
      return "http://127.0.0.1:2000";
    }
  }

  private final AtomicLong clock = new AtomicLong(T0);
  private final FakeApi api = new FakeApi();
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Logger logger = Logger.getLogger("rules-poller-test." + UUID.randomUUID());
  private final RulesSnapshot fallback =
      RulesSnapshot.of(
          List.of(SamplingRule.local("local-default", Integer.MAX_VALUE, "*", "*", "*", 0, 0.0)),
          RulesSnapshot.Source.LOCAL_FILE,
          Resource.empty(),
          DecisionOptions.of(true, false));
  private XRaySampler sampler;
  private RulesPoller poller;

  @BeforeEach
  void setUp() {
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
    sampler = new XRaySampler(fallback, clock::get, "xray");
    poller = poller(POLLING);
  }

  @AfterEach
  void tearDown() {
    logger.removeHandler(handler);
  }

  private RulesPoller poller(long pollingMillis) {
    return new RulesPoller(
        sampler, api, fallback, pollingMillis, clock::get, new ProblemLog(logger), CLIENT_ID);
  }

  private static SamplingRule xray(String name, int priority, int reservoir, double rate) {
    return new SamplingRule(
        name,
        priority,
        rate,
        reservoir,
        "*",
        "*",
        "*",
        "*",
        "*",
        "*",
        Map.of(),
        SamplingRule.Origin.XRAY);
  }

  private SamplingDecision sample(String traceId) {
    return sampler
        .shouldSample(Context.root(), traceId, "GET /", SpanKind.SERVER, GET, List.of())
        .getDecision();
  }

  private List<String> warnings() {
    return records.stream()
        .filter(r -> r.getLevel().equals(Level.WARNING))
        .map(LogRecord::getMessage)
        .collect(Collectors.toList());
  }

  private List<String> infos() {
    return records.stream()
        .filter(r -> r.getLevel().equals(Level.INFO))
        .map(LogRecord::getMessage)
        .collect(Collectors.toList());
  }

  private static RulesSnapshot.TargetGrant grant(double rate, Integer interval) {
    return new RulesSnapshot.TargetGrant(rate, null, null, interval);
  }

  // --- rules ---

  @Test
  void swapsInXRayRulesOnTheFirstSuccessfulFetch() {
    api.rules(xray("checkout", 1, 0, 1.0), xray("Default", 10000, 1, 0.05));

    long delay = poller.pollRules();

    assertThat(sampler.snapshot().source()).isEqualTo(RulesSnapshot.Source.XRAY);
    assertThat(sampler.snapshot().appliers())
        .extracting(a -> a.rule().ruleName())
        .containsExactly("checkout", "Default");
    assertThat(sample(RATE_DROPS)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(delay).isBetween(POLLING, POLLING + 5_000);
    assertThat(infos())
        .anySatisfy(m -> assertThat(m).contains("2 rules from http://127.0.0.1:2000"));
  }

  @Test
  void keepsTheCurrentRulesWhenTheFirstFetchFails() {
    api.rulesFail("connection refused");

    poller.pollRules();

    assertThat(sampler.snapshot()).isSameAs(fallback);
    assertThat(warnings())
        .singleElement()
        .asString()
        .contains("connection refused")
        .contains("the local rules file");
  }

  @Test
  void retriesFailedFirstFetchAfterTwoSecondsNotFiveMinutes() {
    api.rulesFail("connection refused");

    long delay = poller.pollRules();

    assertThat(delay).isBetween(2_000L, 2_200L);
  }

  @ParameterizedTest(name = "failure {0} -> {1} ms")
  @CsvSource({
    "1, 2000",
    "2, 4000",
    "3, 8000",
    "4, 16000",
    "5, 32000",
    "8, 256000",
    "9, 300000",
    "30, 300000"
  })
  void doublesTheRetryDelayUpToThePollingInterval(int failures, long backoff) {
    long delay = 0;
    for (int i = 0; i < failures; i++) {
      api.rulesFail("connection refused");
      delay = poller.pollRules();
    }

    // Up to 10 % jitter on top, so a fleet restarted together does not retry in step.
    assertThat(delay).isBetween(backoff, backoff + backoff / 10);
  }

  @Test
  void capsTheRetryDelayAtAShortPollingInterval() {
    RulesPoller quick = poller(10_000);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      api.rulesFail("connection refused");
      delays.add(quick.pollRules());
    }

    assertThat(delays.get(2)).isBetween(8_000L, 8_800L);
    assertThat(delays.get(3)).isBetween(10_000L, 11_000L);
    assertThat(delays.get(4)).isBetween(10_000L, 11_000L);
  }

  @Test
  void resetsTheBackoffAfterASuccess() {
    api.rulesFail("down");
    api.rulesFail("down");
    api.rulesFail("down");
    api.rules(xray("Default", 10000, 1, 0.05));
    api.rulesFail("down");
    poller.pollRules();
    poller.pollRules();
    poller.pollRules();

    long afterSuccess = poller.pollRules();
    long nextFailure = poller.pollRules();

    assertThat(afterSuccess).isBetween(POLLING, POLLING + 5_000);
    assertThat(nextFailure).isBetween(2_000L, 2_200L);
  }

  @Test
  void keepsTheLastXRayRulesWhenAFetchFails() {
    api.rules(xray("Default", 10000, 0, 1.0));
    api.rulesFail("HTTP 500");
    poller.pollRules();
    RulesSnapshot fetched = sampler.snapshot();
    clock.addAndGet(POLLING);

    poller.pollRules();

    assertThat(sampler.snapshot()).isSameAs(fetched);
    assertThat(warnings())
        .singleElement()
        .asString()
        .contains("HTTP 500")
        .contains("the last rules fetched");
  }

  @Test
  void treatsAnAnswerWithoutUsableRulesAsAFailure() {
    api.rules();

    long delay = poller.pollRules();

    assertThat(sampler.snapshot()).isSameAs(fallback);
    assertThat(delay).isBetween(2_000L, 2_200L);
  }

  @Test
  void warnsOnceAboutTheSameFailureAndOnceAboutRecovery() {
    api.rulesFail("connection refused");
    api.rulesFail("connection refused");
    api.rulesFail("connection refused");
    api.rules(xray("Default", 10000, 1, 0.05));
    for (int i = 0; i < 4; i++) {
      poller.pollRules();
    }

    assertThat(warnings()).hasSize(1);
    assertThat(infos()).anySatisfy(m -> assertThat(m).contains("fetched from").contains("again"));
  }

  @Test
  void leavesMissingCredentialsToTheSharedChainButStillBacksOff() {
    api.rulesFailForCredentialsReported();

    long delay = poller.pollRules();

    assertThat(sampler.snapshot()).isSameAs(fallback);
    assertThat(delay).isBetween(2_000L, 2_200L);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void leavesMissingCredentialsForStatisticsToTheSharedChain() {
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    sample(RATE_DROPS);
    api.targetsFailForCredentialsReported();

    long delay = poller.reportStatistics();

    assertThat(delay).isEqualTo(10_000);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void logsEachSkippedRuleOnce() {
    api.rulesWithSkipped(
        List.of("sampling rule 'broken' was skipped: FixedRate 1.5 is outside 0..1"),
        xray("Default", 10000, 1, 0.05));
    api.rulesWithSkipped(
        List.of("sampling rule 'broken' was skipped: FixedRate 1.5 is outside 0..1"),
        xray("Default", 10000, 1, 0.05));

    poller.pollRules();
    poller.pollRules();

    assertThat(warnings())
        .containsExactly("sampling rule 'broken' was skipped: FixedRate 1.5 is outside 0..1");
  }

  @Test
  void keepsUsingRulesFetchedWithinTheHour() {
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    RulesSnapshot fetched = sampler.snapshot();
    clock.addAndGet(HOUR);
    api.rulesFail("connection refused");

    poller.pollRules();

    assertThat(sampler.snapshot()).isSameAs(fetched);
  }

  @Test
  void fallsBackWhenRulesWereNotRefreshedForAnHour() {
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    clock.addAndGet(HOUR + 1);
    api.rulesFail("connection refused");

    poller.pollRules();

    assertThat(sampler.snapshot()).isSameAs(fallback);
    assertThat(sample(RATE_SAMPLES)).isEqualTo(SamplingDecision.DROP);
    assertThat(warnings()).anySatisfy(m -> assertThat(m).contains("an hour"));
  }

  @Test
  void takesXRayRulesBackAfterFallingBack() {
    api.rules(xray("Default", 10000, 0, 1.0));
    api.rulesFail("connection refused");
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    clock.addAndGet(HOUR + 1);
    poller.pollRules();

    poller.pollRules();

    assertThat(sampler.snapshot().source()).isEqualTo(RulesSnapshot.Source.XRAY);
    assertThat(sample(RATE_DROPS)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
  }

  @Test
  void warnsAgainWhenRulesExpireASecondTime() {
    // Each hour-long outage changes how the service samples; the person watching must hear of
    // every one, not only the first.
    api.rules(xray("Default", 10000, 0, 1.0));
    api.rulesFail("connection refused");
    api.rules(xray("Default", 10000, 0, 1.0));
    api.rulesFail("connection refused");
    poller.pollRules();
    clock.addAndGet(HOUR + 1);
    poller.pollRules(); // first expiry
    poller.pollRules(); // recovered
    clock.addAndGet(HOUR + 1);

    poller.pollRules(); // second expiry

    assertThat(sampler.snapshot()).isSameAs(fallback);
    assertThat(warnings()).filteredOn(m -> m.contains("an hour")).hasSize(2);
  }

  @Test
  void keepsCountsOfUnchangedRulesAcrossRuleFetches() {
    api.rules(xray("Default", 10000, 0, 1.0));
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    sample(RATE_DROPS);

    poller.pollRules();

    assertThat(sampler.snapshot().drainStatistics())
        .singleElement()
        .satisfies(c -> assertThat(c.counts.requests).isEqualTo(1));
  }

  // --- statistics and targets ---

  @Test
  void neverPostsEmptyStatistics() {
    api.rules(xray("Default", 10000, 1, 0.05));
    poller.pollRules();

    long delay = poller.reportStatistics();

    assertThat(api.reports).isEmpty();
    assertThat(delay).isEqualTo(RulesPoller.DEFAULT_REPORT_INTERVAL_MILLIS);
  }

  @Test
  void neverReportsWhileRulesDoNotComeFromXRay() {
    sample(RATE_DROPS);
    sample(RATE_DROPS);

    long delay = poller.reportStatistics();

    assertThat(api.reports).isEmpty();
    assertThat(delay).isEqualTo(RulesPoller.DEFAULT_REPORT_INTERVAL_MILLIS);
  }

  @Test
  void reportsTheCountsSinceTheLastReport() {
    api.rules(xray("checkout", 1, 1, 0.0), xray("Default", 10000, 1, 0.05));
    api.targets(Map.of(), null);
    api.targets(Map.of(), null);
    poller.pollRules();
    sample(RATE_DROPS); // borrowed
    sample(RATE_DROPS); // dropped
    clock.addAndGet(1_500);

    poller.reportStatistics();
    sample(RATE_DROPS); // borrowed, in a new second
    poller.reportStatistics();

    assertThat(api.reports).hasSize(2);
    RulesSnapshot.RuleCounts first = api.reports.get(0).get(0);
    assertThat(api.reports.get(0)).hasSize(1);
    assertThat(first.ruleName).isEqualTo("checkout");
    assertThat(first.counts.requests).isEqualTo(2);
    assertThat(first.counts.sampled).isEqualTo(1);
    assertThat(first.counts.borrowed).isEqualTo(1);
    assertThat(api.reports.get(1).get(0).counts.requests).isEqualTo(1);
    assertThat(api.clientIds).containsOnly(CLIENT_ID);
    assertThat(api.reportTimes.get(0)).isEqualTo(T0 + 1_500);
  }

  @Test
  void appliesTheTargetsItReceives() {
    api.rules(xray("Default", 10000, 0, 0.0));
    poller.pollRules();
    assertThat(sample(RATE_DROPS)).isEqualTo(SamplingDecision.DROP);
    api.targets(Map.of("Default", new RulesSnapshot.TargetGrant(0.0, 2, T0 + 60_000, 10)), null);

    poller.reportStatistics();

    assertThat(sample(RATE_DROPS)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(sample(RATE_DROPS)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(sample(RATE_DROPS)).isEqualTo(SamplingDecision.DROP);
  }

  @Test
  void returnsTheShortestGrantedInterval() {
    api.rules(xray("a", 1, 0, 1.0), xray("b", 2, 0, 1.0), xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    sample(RATE_DROPS);
    Map<String, RulesSnapshot.TargetGrant> grants = new HashMap<>();
    grants.put("a", grant(1.0, 30));
    grants.put("b", grant(1.0, 15));
    grants.put("Default", grant(1.0, null));
    api.targets(grants, null);

    assertThat(poller.reportStatistics()).isEqualTo(15_000);
  }

  @Test
  void keepsTheGrantedIntervalWhenThereIsNothingToReport() {
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    sample(RATE_DROPS);
    api.targets(Map.of("Default", grant(1.0, 20)), null);
    poller.reportStatistics();

    assertThat(poller.reportStatistics()).isEqualTo(20_000);
    assertThat(api.reports).hasSize(1);
  }

  @Test
  void reportsEveryTenSecondsWithoutAGrantedInterval() {
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    sample(RATE_DROPS);
    api.targets(Map.of("Default", grant(1.0, null)), null);

    assertThat(poller.reportStatistics()).isEqualTo(RulesPoller.DEFAULT_REPORT_INTERVAL_MILLIS);
  }

  @Test
  void capsTheGrantedIntervalAtThePollingInterval() {
    RulesPoller quick = poller(5_000);
    api.rules(xray("Default", 10000, 0, 1.0));
    quick.pollRules();
    sample(RATE_DROPS);
    api.targets(Map.of("Default", grant(1.0, 60)), null);

    assertThat(quick.reportStatistics()).isEqualTo(5_000);
  }

  @Test
  void fetchesRulesAtOnceWhenARuleChangedAfterTheLastFetch() {
    api.rules(xray("Default", 10000, 0, 0.0));
    poller.pollRules();
    clock.addAndGet(10_000);
    sample(RATE_DROPS);
    api.targets(Map.of(), T0 + 5_000);
    api.rules(xray("new-rule", 1, 0, 1.0), xray("Default", 10000, 0, 0.0));

    poller.reportStatistics();

    assertThat(api.rulesCalls).isEqualTo(2);
    assertThat(sampler.snapshot().appliers())
        .extracting(a -> a.rule().ruleName())
        .containsExactly("new-rule", "Default");
  }

  @Test
  void fetchesRulesOnceForAModificationTimeInTheFuture() {
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    long tomorrow = T0 + 24 * 60 * 60 * 1000L;
    api.rules(xray("Default", 10000, 0, 1.0));
    for (int report = 0; report < 5; report++) {
      clock.addAndGet(1_000);
      sample(RATE_DROPS);
      api.targets(Map.of(), tomorrow);

      poller.reportStatistics();
    }

    // Once for the change announced; not at every report from then on.
    assertThat(api.rulesCalls).isEqualTo(2);
    assertThat(api.reports).hasSize(5);
  }

  @Test
  void doesNotFetchRulesWhenNoRuleChangedSinceTheLastFetch() {
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    clock.addAndGet(10_000);
    sample(RATE_DROPS);
    api.targets(Map.of(), T0 - 60_000);

    poller.reportStatistics();

    assertThat(api.rulesCalls).isEqualTo(1);
  }

  @Test
  void retriesReportingAfterTenSecondsWhenTargetsFail() {
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    RulesSnapshot fetched = sampler.snapshot();
    sample(RATE_DROPS);
    api.targetsFail("HTTP 502");

    long delay = poller.reportStatistics();

    assertThat(delay).isEqualTo(10_000);
    assertThat(sampler.snapshot()).isSameAs(fetched);
    assertThat(warnings()).singleElement().asString().contains("HTTP 502");
  }

  @Test
  void logsTargetProblemsOnce() {
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    api.targetsWithProblems(List.of("X-Ray did not accept the statistics of rule 'Default'"));
    api.targetsWithProblems(List.of("X-Ray did not accept the statistics of rule 'Default'"));
    sample(RATE_DROPS);
    poller.reportStatistics();
    sample(RATE_DROPS);
    poller.reportStatistics();

    assertThat(warnings()).containsExactly("X-Ray did not accept the statistics of rule 'Default'");
  }

  // --- shutdown ---

  @Test
  void shutdownReportsTheCountsNotYetReportedAndEndsThePollerThread() throws Exception {
    api.rules(xray("checkout", 1, 0, 1.0), xray("Default", 10000, 0, 0.0));
    poller.pollRules();
    sample(RATE_DROPS);
    sample(RATE_DROPS);
    // What the started poller's first task fetches, then the final report's answer.
    api.rules(xray("checkout", 1, 0, 1.0), xray("Default", 10000, 0, 0.0));
    api.targets(Map.of(), null);
    poller.start();

    assertThat(poller.shutdown().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();

    assertThat(api.reports).hasSize(1);
    assertThat(api.reports.get(0))
        .singleElement()
        .satisfies(
            counts -> {
              assertThat(counts.ruleName).isEqualTo("checkout");
              assertThat(counts.counts.requests).isEqualTo(2);
              assertThat(counts.counts.sampled).isEqualTo(2);
            });
    Thread pollerThread = api.lastCaller;
    assertThat(pollerThread.getName()).isEqualTo("otel-xray-sampling");
    pollerThread.join(30_000);
    assertThat(pollerThread.isAlive()).isFalse();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void shutdownFetchesNoRulesEvenWhenXRaySaysTheyChanged() {
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.pollRules();
    sample(RATE_DROPS);
    // The started poller's fetch fails, so the rules in force are older than the change below.
    api.rulesFail("connection refused");
    api.targets(Map.of(), T0 + 60_000);
    clock.addAndGet(120_000);
    poller.start();

    poller.shutdown().join(30, TimeUnit.SECONDS);

    assertThat(api.reports).hasSize(1);
    assertThat(api.rulesCalls).isEqualTo(2);
    assertThat(warnings()).singleElement().asString().contains("connection refused");
  }

  @Test
  void shutdownTwiceGivesTheSameResult() {
    api.rules(xray("Default", 10000, 0, 1.0));
    poller.start();

    CompletableResultCode first = poller.shutdown();

    assertThat(poller.shutdown()).isSameAs(first);
    assertThat(first.join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
  }

  @Test
  void shutdownOfAPollerNeverStartedSucceedsAtOnceAndCallsNothing() {
    assertThat(poller.shutdown().isSuccess()).isTrue();

    poller.start();

    assertThat(api.rulesCalls).isZero();
    assertThat(api.reports).isEmpty();
  }

  // --- sampling boost ---

  @Test
  void reportsBoostCountsOfRulesWithASamplingRateBoost() {
    api.rules(
        xray("orders", 1, 0, 0.0).withBoost(new SamplingRateBoost(0.5, 1)),
        xray("Default", 10000, 0, 0.0));
    api.targets(Map.of(), null);
    poller.pollRules();
    RuleApplier orders = sampler.snapshot().appliers().get(0);
    orders.statistics().recordBoostRequest(true, false);
    orders.statistics().recordBoostRequest(false, false);

    poller.reportStatistics();

    assertThat(api.reports)
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report)
                  .singleElement()
                  .satisfies(
                      counts -> {
                        assertThat(counts.ruleName).isEqualTo("orders");
                        assertThat(counts.counts.boostTotal).isEqualTo(2);
                        assertThat(counts.counts.anomalies).isEqualTo(1);
                      });
            });
    assertThat(infos())
        .anySatisfy(m -> assertThat(m).contains("rules orders have a SamplingRateBoost"));
  }

  @Test
  void appliesABoostXRayGrantsToTheRuleUntilItsTtl() {
    api.rules(
        xray("orders", 1, 0, 0.0).withBoost(new SamplingRateBoost(1.0, 1)),
        xray("Default", 10000, 0, 0.0));
    poller.pollRules();
    sample(RATE_DROPS);
    api.targets(
        Map.of("orders", new RulesSnapshot.TargetGrant(0.0, null, null, null, 1.0, T0 + 60_000)),
        null);
    poller.reportStatistics();

    assertThat(sample(RATE_DROPS)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    clock.set(T0 + 60_000);
    assertThat(sample(RATE_DROPS)).isEqualTo(SamplingDecision.RECORD_ONLY);
  }

  // --- client id ---

  @Test
  void makesClientIdsOfTwentyFourLowerCaseHexDigits() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(RulesPoller.newClientId()).matches("[0-9a-f]{24}");
    }
  }

  @Test
  void makesADifferentClientIdEachTime() {
    assertThat(RulesPoller.newClientId()).isNotEqualTo(RulesPoller.newClientId());
  }
}
