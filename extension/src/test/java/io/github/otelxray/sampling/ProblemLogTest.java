package io.github.otelxray.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
  private ProblemLog log;

  @BeforeEach
  void attach() {
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
    log = new ProblemLog(logger);
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
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      problems.add("sampling rule 'r" + i + "' was skipped: URLPath is 200 characters long");
    }

    log.warnEach("rule", problems);
    log.warnEach("rule", problems);

    assertThat(logged(Level.WARNING))
        .hasSize(11)
        .startsWith(problems.subList(0, 10).toArray(new String[0]))
        .endsWith("X-Ray sampling: 15 more problems like the ones above were not logged.");
  }

  @Test
  void cutsAHugeMessage() {
    log.warn("targets", "X-Ray did not accept the statistics: " + "x".repeat(1_000_000));

    assertThat(logged(Level.WARNING))
        .singleElement()
        .asString()
        .hasSize(ProblemLog.MAX_MESSAGE_CHARS + "... (cut)".length())
        .endsWith("... (cut)");
  }

  @Test
  void remembersABoundedNumberOfProblems() {
    for (int i = 0; i < 10_000; i++) {
      log.warn("rule:" + i, "problem " + i);
    }
    log.warn("rule:9999", "problem 9999");

    // Each distinct problem warned once; the last one is still remembered.
    assertThat(logged(Level.WARNING)).hasSize(10_000);
    assertThat(log.remembered()).isBetween(1, ProblemLog.MAX_OPEN);
  }
}
