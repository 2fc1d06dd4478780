/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProblemLogTest {

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
  // A logger of our own, so nothing else logging in the JVM lands in the records.
  private final Logger logger = Logger.getLogger("problem-log-test." + UUID.randomUUID());
  private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  private ProblemLog log;

  @BeforeEach
  void attach() {
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
    log = new ProblemLog(logger, clock::get);
  }

  @AfterEach
  void detach() {
    logger.removeHandler(handler);
  }

  private List<String> logged(Level level) {
    return records.stream()
        .filter(r -> r.getLevel().equals(level))
        .map(LogRecord::getMessage)
        .collect(Collectors.toList());
  }

  @Test
  void warnsOncePerDistinctProblem() {
    log.warn("rules", "rules could not be fetched: connection refused");
    log.warn("rules", "rules could not be fetched: connection refused");
    log.warn("rules", "rules could not be fetched: connection refused");

    assertThat(logged(Level.WARNING))
        .containsExactly("rules could not be fetched: connection refused");
  }

  @Test
  void warnsAgainWhenTheProblemChanges() {
    log.warn("rules", "connection refused");
    log.warn("rules", "HTTP 403");
    log.warn("rules", "HTTP 403");
    log.warn("rules", "connection refused");

    assertThat(logged(Level.WARNING))
        .containsExactly("connection refused", "HTTP 403", "connection refused");
  }

  @Test
  void tracksTopicsSeparately() {
    log.warn("rules", "down");
    log.warn("targets", "down");
    log.warn("rules", "down");

    assertThat(logged(Level.WARNING)).containsExactly("down", "down");
  }

  @Test
  void logsRecoveryOnceAndOnlyAfterAProblem() {
    log.recovered("rules", "rules fetched again");
    log.warn("rules", "down");
    log.recovered("rules", "rules fetched again");
    log.recovered("rules", "rules fetched again");

    assertThat(logged(Level.INFO)).containsExactly("rules fetched again");
  }

  @Test
  void recoversOnlyTheTopicThatHadTheProblem() {
    log.warn("rules", "down");

    log.recovered("targets", "targets reported again");

    assertThat(logged(Level.INFO)).isEmpty();
    log.recovered("rules", "rules fetched again");
    assertThat(logged(Level.INFO)).containsExactly("rules fetched again");
  }

  @Test
  void warnsAgainAfterRecovering() {
    log.warn("rules", "down");
    log.recovered("rules", "back");
    log.warn("rules", "down");

    assertThat(logged(Level.WARNING)).containsExactly("down", "down");
  }

  @Test
  void logsInformationEveryTime() {
    log.info("rules from X-Ray apply");
    log.info("rules from X-Ray apply");

    assertThat(logged(Level.INFO))
        .containsExactly("rules from X-Ray apply", "rules from X-Ray apply");
    assertThat(logged(Level.WARNING)).isEmpty();
  }

  @Test
  void logsAtMostTenProblemsOfOneAnswerAndCountsTheRest() {
    List<String> problems = skippedRules(0, 25);

    log.warnEach("rule", "rules were skipped", problems);
    log.warnEach("rule", "rules were skipped", problems);

    assertThat(logged(Level.WARNING))
        .hasSize(11)
        .startsWith(problems.subList(0, 10).toArray(new String[0]))
        .endsWith(
            "X-Ray sampling: and 15 more rules were skipped (not logged one by one: at most 10"
                + " such lines every 10 minutes).");
  }

  private static List<String> skippedRules(int from, int count) {
    List<String> problems = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      problems.add("sampling rule 'r" + i + "' was skipped: URLPath is 200 characters long");
    }
    return problems;
  }

  @Test
  void logsElevenLinesInTenMinutesHoweverManyNewProblemsArrive() {
    // A proxy serving 1,000 bad rules with new names at every poll, once a second.
    for (int poll = 0; poll < 90; poll++) {
      log.warnEach("rule", "rules were skipped", skippedRules(poll * 1_000, 1_000));
      clock.addAndGet(1_000);
    }
    assertThat(logged(Level.WARNING)).hasSize(11);
    assertThat(logged(Level.WARNING).get(10)).startsWith("X-Ray sampling: and 990 more rules");

    clock.addAndGet(ProblemLog.WINDOW_MILLIS);
    log.warnEach("rule", "rules were skipped", skippedRules(999_000, 1_000));

    // The next window: what the last one held back is counted, then ten more and a summary.
    List<String> next = logged(Level.WARNING).subList(11, logged(Level.WARNING).size());
    assertThat(next).hasSize(12);
    assertThat(next.get(0)).startsWith("X-Ray sampling: and 89000 more rules were skipped");
    assertThat(next.get(11)).startsWith("X-Ray sampling: and 990 more rules were skipped");
  }

  @Test
  void escapesControlCharactersFromOutsideSoNoLineCanBeForged() {
    String forged = "sampling rule 'x\nSEVERE: forged\r\u001b[31m' was skipped: Host is too long";

    log.warn("rule:x", forged);
    log.warnEach("rule", "rules were skipped", List.of(forged + " again"));
    log.info("X-Ray sampling: 2 local rules from /tmp/a\u2028b apply");
    log.recovered("rule:x", "recovered from \u001b[0m");

    assertThat(records)
        .extracting(LogRecord::getMessage)
        .hasSize(4)
        .allSatisfy(
            line ->
                assertThat(line)
                    .doesNotContain("\n", "\r", "\u001b", "\u2028")
                    .doesNotMatch("(?s).*\\p{Cntrl}.*"));
    assertThat(records.get(0).getMessage())
        .isEqualTo(
            "sampling rule 'x\\nSEVERE: forged\\r\\u001b[31m' was skipped: Host is too long");
  }

  @Test
  void cutsAHugeMessage() {
    log.warn("targets", "X-Ray did not accept the statistics: " + "x".repeat(1_000_000));

    assertThat(logged(Level.WARNING))
        .singleElement()
        .asString()
        .startsWith("X-Ray did not accept the statistics: xxx")
        .endsWith("...(1000037 chars)")
        .hasSize(ProblemLog.MAX_MESSAGE_CHARS + "...(1000037 chars)".length());
  }

  @Test
  void remembersABoundedNumberOfProblems() {
    for (int i = 0; i < 10_000; i++) {
      log.warn("rule:" + i, "problem " + i);
    }
    log.warn("rule:9999", "problem 9999");
    // Past MAX_OPEN the oldest were forgotten: the first problem warns again.
    log.warn("rule:0", "problem 0");

    // Each distinct problem warned once, the last one remembered (no second warning for it),
    // the first one once more.
    assertThat(logged(Level.WARNING)).hasSize(10_001);
    assertThat(logged(Level.WARNING).get(10_000)).isEqualTo("problem 0");
  }
}
