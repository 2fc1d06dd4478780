/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.jr.ob.JSON;
import io.github.otelxray.sampling.rules.RuleStatistics;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.SamplingRule;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SamplingApiJsonTest {

  /**
   * A rule record with every field valid, then {@code overrides} (JSON members, e.g. {@code "Host":
   * null}) put over them: the API never repeats a key, so neither may the test.
   */
  private static String record(String name, String overrides) throws Exception {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("RuleName", name);
    rule.put("RuleARN", "arn:aws:xray:eu-west-1:123456789012:sampling-rule/" + name);
    rule.put("ResourceARN", "*");
    rule.put("Priority", 10);
    rule.put("FixedRate", 0.1);
    rule.put("ReservoirSize", 2);
    rule.put("ServiceName", "*");
    rule.put("ServiceType", "*");
    rule.put("Host", "*");
    rule.put("HTTPMethod", "*");
    rule.put("URLPath", "*");
    rule.put("Version", 1);
    rule.put("Attributes", Map.of());
    if (!overrides.isEmpty()) {
      rule.putAll(JSON.std.mapFrom("{" + overrides + "}"));
    }
    rule.values().removeIf(Objects::isNull);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("CreatedAt", 1.530920505E9);
    record.put("ModifiedAt", 1530920505);
    record.put("SamplingRule", rule);
    return JSON.std.asString(record);
  }

  private static String rules(String... records) {
    return "{\"SamplingRuleRecords\": [" + String.join(",", records) + "]}";
  }

  // --- GetSamplingRules ---

  @Test
  void parsesAFullGetSamplingRulesAnswer() throws Exception {
    String body =
        "{\n"
            + "  \"SamplingRuleRecords\": [\n"
            + "    {\n"
            + "      \"SamplingRule\": {\n"
            + "        \"RuleName\": \"checkout\",\n"
            + "        \"RuleARN\": \"arn:aws:xray:eu-west-1:123456789012:sampling-rule/checkout\",\n"
            + "        \"ResourceARN\": \"*\",\n"
            + "        \"Priority\": 100,\n"
            + "        \"FixedRate\": 0.25,\n"
            + "        \"ReservoirSize\": 5,\n"
            + "        \"ServiceName\": \"shop-*\",\n"
            + "        \"ServiceType\": \"AWS::ECS::Container\",\n"
            + "        \"Host\": \"*.example.com\",\n"
            + "        \"HTTPMethod\": \"POST\",\n"
            + "        \"URLPath\": \"/api/checkout/*\",\n"
            + "        \"Version\": 1,\n"
            + "        \"Attributes\": {\"tenant\": \"acme\", \"tier\": \"gold*\"}\n"
            + "      },\n"
            + "      \"CreatedAt\": 1530920505.0,\n"
            + "      \"ModifiedAt\": 1530920505.0\n"
            + "    },\n"
            + "    {\n"
            + "      \"SamplingRule\": {\n"
            + "        \"RuleName\": \"Default\",\n"
            + "        \"RuleARN\": \"arn:aws:xray:eu-west-1:123456789012:sampling-rule/Default\",\n"
            + "        \"ResourceARN\": \"*\",\n"
            + "        \"Priority\": 10000,\n"
            + "        \"FixedRate\": 0.05,\n"
            + "        \"ReservoirSize\": 1,\n"
            + "        \"ServiceName\": \"*\",\n"
            + "        \"ServiceType\": \"*\",\n"
            + "        \"Host\": \"*\",\n"
            + "        \"HTTPMethod\": \"*\",\n"
            + "        \"URLPath\": \"*\",\n"
            + "        \"Version\": 1,\n"
            + "        \"Attributes\": {}\n"
            + "      },\n"
            + "      \"CreatedAt\": \"2018-07-06T23:41:45Z\",\n"
            + "      \"ModifiedAt\": \"2018-07-06T23:41:45Z\"\n"
            + "    }\n"
            + "  ],\n"
            + "  \"NextToken\": \"page-2\"\n"
            + "}";

    SamplingApiJson.RulesPage page = SamplingApiJson.parseRules(body);

    assertThat(page.skipped).isEmpty();
    assertThat(page.nextToken).isEqualTo("page-2");
    assertThat(page.rules).hasSize(2);
    SamplingRule checkout = page.rules.get(0);
    assertThat(checkout.ruleName()).isEqualTo("checkout");
    assertThat(checkout.priority()).isEqualTo(100);
    assertThat(checkout.fixedRate()).isEqualTo(0.25);
    assertThat(checkout.reservoirSize()).isEqualTo(5);
    assertThat(checkout.serviceName()).isEqualTo("shop-*");
    assertThat(checkout.serviceType()).isEqualTo("AWS::ECS::Container");
    assertThat(checkout.host()).isEqualTo("*.example.com");
    assertThat(checkout.httpMethod()).isEqualTo("POST");
    assertThat(checkout.urlPath()).isEqualTo("/api/checkout/*");
    assertThat(checkout.resourceArn()).isEqualTo("*");
    assertThat(checkout.attributes())
        .containsOnly(Map.entry("tenant", "acme"), Map.entry("tier", "gold*"));
    assertThat(checkout.origin()).isEqualTo(SamplingRule.Origin.XRAY);
    SamplingRule fallback = page.rules.get(1);
    assertThat(fallback.ruleName()).isEqualTo("Default");
    assertThat(fallback.priority()).isEqualTo(10000);
    assertThat(fallback.attributes()).isEmpty();
  }

  @Test
  void hasNoNextTokenOnTheLastPage() throws Exception {
    assertThat(SamplingApiJson.parseRules(rules(record("a", ""))).nextToken).isNull();
    assertThat(
            SamplingApiJson.parseRules("{\"SamplingRuleRecords\": [], \"NextToken\": \"\"}")
                .nextToken)
        .isNull();
    assertThat(
            SamplingApiJson.parseRules("{\"SamplingRuleRecords\": [], \"NextToken\": null}")
                .nextToken)
        .isNull();
  }

  @Test
  void acceptsARuleWithoutAttributes() throws Exception {
    String withoutAttributes =
        "{\"SamplingRule\": {\"RuleName\": \"a\", \"ResourceARN\": \"*\", \"Priority\": 1,"
            + " \"FixedRate\": 0.1, \"ReservoirSize\": 0, \"ServiceName\": \"*\","
            + " \"ServiceType\": \"*\", \"Host\": \"*\", \"HTTPMethod\": \"*\", \"URLPath\": \"*\","
            + " \"Version\": 1}}";

    SamplingApiJson.RulesPage page = SamplingApiJson.parseRules(rules(withoutAttributes));

    assertThat(page.skipped).isEmpty();
    assertThat(page.rules).singleElement().satisfies(r -> assertThat(r.attributes()).isEmpty());
  }

  @Test
  void ignoresFieldsItDoesNotKnow() throws Exception {
    SamplingApiJson.RulesPage page =
        SamplingApiJson.parseRules(
            rules(
                record(
                    "a",
                    "\"SamplingRateBoost\": {\"MaxRate\": 0.5, \"CooldownWindowMinutes\": 1}")));

    assertThat(page.skipped).isEmpty();
    assertThat(page.rules).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"FixedRate\": 1.5                | FixedRate 1.5 is outside 0..1",
        "\"FixedRate\": -0.1               | FixedRate -0.1 is outside 0..1",
        "\"FixedRate\": \"0.5\"            | FixedRate is not a number",
        "\"ReservoirSize\": -1             | ReservoirSize -1 is not a whole number >= 0",
        "\"ReservoirSize\": 1.5            | ReservoirSize 1.5 is not a whole number >= 0",
        "\"Host\": null                    | Host is missing",
        "\"Host\": 7                       | Host is not a string",
        "\"URLPath\": null                 | URLPath is missing",
        "\"Version\": 2                    | Version 2 is not supported",
        "\"Priority\": 1.5                 | Priority 1.5 is not a whole number",
        "\"Attributes\": {\"retries\": 3}  | Attributes.retries is not a string",
        "\"Attributes\": [\"x\"]           | Attributes is not an object",
      })
  void skipsARuleWithABadValueNamingRuleAndFieldAndKeepsTheOthers(String badField, String reason)
      throws Exception {
    SamplingApiJson.RulesPage page =
        SamplingApiJson.parseRules(
            rules(record("before", ""), record("broken", badField), record("after", "")));

    assertThat(page.rules).extracting(SamplingRule::ruleName).containsExactly("before", "after");
    assertThat(page.skipped).singleElement().asString().contains("'broken'").contains(reason);
  }

  /** Each field at the API's limit is accepted; one character more skips the rule. */
  @ParameterizedTest(name = "{0} of {1} characters")
  @CsvSource({
    "RuleName, 32",
    "ServiceName, 64",
    "ServiceType, 64",
    "Host, 64",
    "HTTPMethod, 10",
    "URLPath, 128",
    "ResourceARN, 500"
  })
  void acceptsEachFieldUpToTheApiLimitAndSkipsTheRuleBeyondIt(String field, int limit)
      throws Exception {
    String atLimit = "a".repeat(limit);
    String beyond = "a".repeat(limit + 1);
    String name = field.equals("RuleName") ? null : "broken";

    SamplingApiJson.RulesPage page =
        SamplingApiJson.parseRules(
            rules(
                record(field.equals("RuleName") ? atLimit : "fits", member(field, atLimit)),
                record(name == null ? beyond : name, member(field, beyond))));

    assertThat(page.rules).hasSize(1);
    assertThat(page.skipped)
        .singleElement()
        .asString()
        .contains(field + " is " + (limit + 1) + " characters long; the limit is " + limit);
  }

  private static String member(String field, String value) {
    return field.equals("RuleName") ? "" : "\"" + field + "\": \"" + value + "\"";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"a\": \"1\", \"b\": \"2\", \"c\": \"3\", \"d\": \"4\", \"e\": \"5\", \"f\": \"6\"}"
            + " | Attributes has 6 entries; the limit is 5",
        "{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": \"1\"}"
            + " | an Attributes key is 33 characters long; the limit is 32",
        "{\"tier\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}"
            + " | Attributes.tier is 33 characters long; the limit is 32",
        "{\"tier\": \"\"} | Attributes.tier is empty",
        "{\"\": \"gold\"} | Attributes has an empty key",
      })
  void skipsARuleWhoseAttributesExceedTheApiLimits(String attributes, String reason)
      throws Exception {
    SamplingApiJson.RulesPage page =
        SamplingApiJson.parseRules(
            rules(
                record(
                    "five",
                    "\"Attributes\": {\"a\": \"1\", \"b\": \"2\", \"c\": \"3\","
                        + " \"d\": \"4\", \"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\": \"gold*\"}"),
                record("broken", "\"Attributes\": " + attributes)));

    assertThat(page.rules).extracting(SamplingRule::ruleName).containsExactly("five");
    assertThat(page.skipped).singleElement().asString().contains("'broken'").contains(reason);
  }

  @Test
  void cutsAnOverlongRuleNameInTheReasonItGives() throws Exception {
    String huge = "n".repeat(100_000);

    SamplingApiJson.RulesPage page = SamplingApiJson.parseRules(rules(record(huge, "")));

    assertThat(page.rules).isEmpty();
    assertThat(page.skipped)
        .singleElement()
        .asString()
        .startsWith("sampling rule '" + "n".repeat(32) + "...' was skipped: RuleName is 100000")
        .hasSizeLessThan(200);
  }

  @Test
  void skipsARuleThatIsMissingAField() throws Exception {
    String noHost =
        "{\"SamplingRule\": {\"RuleName\": \"no-host\", \"ResourceARN\": \"*\", \"Priority\": 1,"
            + " \"FixedRate\": 0.1, \"ReservoirSize\": 0, \"ServiceName\": \"*\","
            + " \"ServiceType\": \"*\", \"HTTPMethod\": \"*\", \"URLPath\": \"*\", \"Version\": 1}}";

    SamplingApiJson.RulesPage page = SamplingApiJson.parseRules(rules(noHost, record("ok", "")));

    assertThat(page.rules).extracting(SamplingRule::ruleName).containsExactly("ok");
    assertThat(page.skipped)
        .singleElement()
        .asString()
        .contains("'no-host'")
        .contains("Host is missing");
  }

  @Test
  void skipsARuleWithoutAName() throws Exception {
    SamplingApiJson.RulesPage page =
        SamplingApiJson.parseRules(rules(record("x", "\"RuleName\": \"\""), record("ok", "")));

    assertThat(page.rules).extracting(SamplingRule::ruleName).containsExactly("ok");
    assertThat(page.skipped).singleElement().asString().contains("RuleName is empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"7", "\"text\"", "null", "[]", "{}", "{\"SamplingRule\": 5}"})
  void skipsARecordThatIsNotARuleObjectAndKeepsTheOthers(String badRecord) throws Exception {
    SamplingApiJson.RulesPage page = SamplingApiJson.parseRules(rules(badRecord, record("ok", "")));

    assertThat(page.rules).extracting(SamplingRule::ruleName).containsExactly("ok");
    assertThat(page.skipped).singleElement().asString().contains("skipped");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "\"SamplingRuleRecords\"",
        "42",
        "null",
        "",
        "<html><body>502 Bad Gateway</body></html>",
        "{\"SamplingRuleRecords\": [",
        "{\"SamplingRuleRecords\": [{\"SamplingRule\": {\"RuleName\": \"a\"",
        "{}",
        "{\"SamplingRuleRecords\": null}",
        "{\"SamplingRuleRecords\": {}}",
        "{\"Message\": \"AccessDeniedException\"}",
      })
  void rejectsAnAnswerThatIsNotARulesObject(String body) {
    assertThatThrownBy(() -> SamplingApiJson.parseRules(body))
        .isInstanceOf(SamplingApiException.class)
        .hasMessageContaining("GetSamplingRules");
  }

  @Test
  void pointsAtWhereTheJsonBreaks() {
    assertThatThrownBy(() -> SamplingApiJson.parseRules("{\n  \"SamplingRuleRecords\": [,]\n}"))
        .isInstanceOf(SamplingApiException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void writesAnEmptyRulesRequestForTheFirstPage() throws Exception {
    assertThat(JSON.std.mapFrom(SamplingApiJson.rulesRequest(null))).isEmpty();
  }

  @Test
  void writesTheNextTokenIntoTheRulesRequest() throws Exception {
    assertThat(JSON.std.mapFrom(SamplingApiJson.rulesRequest("tok/\"en\"")))
        .containsOnly(Map.entry("NextToken", "tok/\"en\""));
  }

  // --- SamplingTargets ---

  @Test
  void parsesTargetsWithEveryFieldPresent() throws Exception {
    String body =
        "{\"SamplingTargetDocuments\": [{\"RuleName\": \"checkout\", \"FixedRate\": 0.3,"
            + " \"ReservoirQuota\": 7, \"ReservoirQuotaTTL\": 1700000060, \"Interval\": 15}],"
            + " \"LastRuleModification\": 1699999000, \"UnprocessedStatistics\": []}";

    SamplingApiJson.Targets targets = SamplingApiJson.parseTargets(body);

    RulesSnapshot.TargetGrant grant = targets.grants.get("checkout");
    assertThat(grant.fixedRate).isEqualTo(0.3);
    assertThat(grant.reservoirQuota).isEqualTo(7);
    assertThat(grant.quotaExpiresAtMillis).isEqualTo(1_700_000_060_000L);
    assertThat(grant.intervalSeconds).isEqualTo(15);
    assertThat(targets.lastRuleModificationMillis).isEqualTo(1_699_999_000_000L);
    assertThat(targets.problems).isEmpty();
  }

  @Test
  void parsesTargetsWithOptionalFieldsNullOrAbsent() throws Exception {
    String body =
        "{\"SamplingTargetDocuments\": ["
            + "{\"RuleName\": \"nulls\", \"FixedRate\": 0.3, \"ReservoirQuota\": null,"
            + " \"ReservoirQuotaTTL\": null, \"Interval\": null},"
            + "{\"RuleName\": \"absent\", \"FixedRate\": 0.4}]}";

    SamplingApiJson.Targets targets = SamplingApiJson.parseTargets(body);

    for (String name : List.of("nulls", "absent")) {
      RulesSnapshot.TargetGrant grant = targets.grants.get(name);
      assertThat(grant).as(name).isNotNull();
      assertThat(grant.reservoirQuota).as(name).isNull();
      assertThat(grant.quotaExpiresAtMillis).as(name).isNull();
      assertThat(grant.intervalSeconds).as(name).isNull();
    }
    assertThat(targets.grants.get("absent").fixedRate).isEqualTo(0.4);
    assertThat(targets.lastRuleModificationMillis).isNull();
    assertThat(targets.problems).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1700000060                   | 1700000060000",
        "1700000060.5                 | 1700000060500",
        "1.70000006025E9              | 1700000060250",
        "\"1700000060.75\"            | 1700000060750",
        "\"2023-11-14T22:14:20Z\"     | 1700000060000",
        "\"2023-11-14T22:14:20.125Z\" | 1700000060125",
      })
  void readsQuotaTtlAsAnAbsoluteTimeInMillis(String ttl, long millis) throws Exception {
    String body =
        "{\"SamplingTargetDocuments\": [{\"RuleName\": \"r\", \"FixedRate\": 0.1,"
            + " \"ReservoirQuota\": 1, \"ReservoirQuotaTTL\": "
            + ttl
            + "}]}";

    assertThat(SamplingApiJson.parseTargets(body).grants.get("r").quotaExpiresAtMillis)
        .isEqualTo(millis);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1699999000.5              | 1699999000500",
        "\"2023-11-14T21:56:40Z\"  | 1699999000000",
      })
  void readsLastRuleModificationInMillis(String value, long millis) throws Exception {
    String body = "{\"SamplingTargetDocuments\": [], \"LastRuleModification\": " + value + "}";

    assertThat(SamplingApiJson.parseTargets(body).lastRuleModificationMillis).isEqualTo(millis);
  }

  @Test
  void reportsAnUnreadableLastRuleModificationAsAProblem() throws Exception {
    SamplingApiJson.Targets targets =
        SamplingApiJson.parseTargets(
            "{\"SamplingTargetDocuments\": [], \"LastRuleModification\": \"yesterday\"}");

    assertThat(targets.lastRuleModificationMillis).isNull();
    assertThat(targets.problems)
        .singleElement()
        .asString()
        .contains("LastRuleModification")
        .contains("yesterday");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"RuleName\": \"bad\", \"FixedRate\": 2}                                 | FixedRate 2",
        "{\"RuleName\": \"bad\"}                                                   | FixedRate is missing",
        "{\"FixedRate\": 0.1}                                                      | RuleName is missing",
        "{\"RuleName\": \"bad\", \"FixedRate\": 0.1, \"ReservoirQuota\": -3}       | ReservoirQuota -3",
        "{\"RuleName\": \"bad\", \"FixedRate\": 0.1, \"ReservoirQuotaTTL\": \"x\"} | ReservoirQuotaTTL 'x'",
        "{\"RuleName\": \"bad\", \"FixedRate\": 0.1, \"Interval\": \"10\"}         | Interval is not a number",
        "7                                                                         | not an object",
      })
  void skipsABadTargetAsAProblemAndKeepsTheOthers(String badDocument, String reason)
      throws Exception {
    String body =
        "{\"SamplingTargetDocuments\": ["
            + badDocument
            + ","
            + " {\"RuleName\": \"good\", \"FixedRate\": 0.2}]}";

    SamplingApiJson.Targets targets = SamplingApiJson.parseTargets(body);

    assertThat(targets.grants).containsOnlyKeys("good");
    assertThat(targets.problems).singleElement().asString().contains(reason);
  }

  @Test
  void reportsUnprocessedStatisticsAsProblems() throws Exception {
    String body =
        "{\"SamplingTargetDocuments\": [], \"UnprocessedStatistics\": ["
            + "{\"RuleName\": \"checkout\", \"ErrorCode\": \"400\", \"Message\": \"Unknown rule\"},"
            + "{\"RuleName\": \"cart\", \"ErrorCode\": \"500\", \"Message\": \"Internal\"}]}";

    SamplingApiJson.Targets targets = SamplingApiJson.parseTargets(body);

    assertThat(targets.problems).hasSize(2);
    assertThat(targets.problems.get(0)).contains("checkout", "400", "Unknown rule");
    assertThat(targets.problems.get(1)).contains("cart", "500", "Internal");
  }

  @Test
  void acceptsATargetsAnswerWithoutDocuments() throws Exception {
    SamplingApiJson.Targets targets = SamplingApiJson.parseTargets("{}");

    assertThat(targets.grants).isEmpty();
    assertThat(targets.problems).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "",
        "garbage",
        "{\"SamplingTargetDocuments\": [",
        "{\"SamplingTargetDocuments\": {}}",
        "{\"SamplingTargetDocuments\": \"none\"}",
      })
  void rejectsAnAnswerThatIsNotATargetsObject(String body) {
    assertThatThrownBy(() -> SamplingApiJson.parseTargets(body))
        .isInstanceOf(SamplingApiException.class)
        .hasMessageContaining("SamplingTargets");
  }

  @Test
  void writesOneStatisticsDocumentPerRule() throws Exception {
    List<RulesSnapshot.RuleCounts> counts =
        List.of(
            new RulesSnapshot.RuleCounts("checkout", "orders", new RuleStatistics.Counts(10, 4, 1)),
            new RulesSnapshot.RuleCounts("Default", "orders", new RuleStatistics.Counts(3, 0, 0)));

    Map<String, Object> request =
        JSON.std.mapFrom(
            SamplingApiJson.targetsRequest(counts, "0123456789abcdef01234567", 1_700_000_000_999L));

    assertThat(request).containsOnlyKeys("SamplingStatisticsDocuments");
    List<?> documents = (List<?>) request.get("SamplingStatisticsDocuments");
    assertThat(documents).hasSize(2);
    Map<?, ?> first = (Map<?, ?>) documents.get(0);
    assertThat(first.get("RuleName")).isEqualTo("checkout");
    assertThat(first.get("ClientID")).isEqualTo("0123456789abcdef01234567");
    assertThat(((Number) first.get("RequestCount")).longValue()).isEqualTo(10);
    assertThat(((Number) first.get("SampledCount")).longValue()).isEqualTo(4);
    assertThat(((Number) first.get("BorrowCount")).longValue()).isEqualTo(1);
    Map<?, ?> second = (Map<?, ?>) documents.get(1);
    assertThat(second.get("RuleName")).isEqualTo("Default");
    assertThat(((Number) second.get("RequestCount")).longValue()).isEqualTo(3);
    assertThat(((Number) second.get("BorrowCount")).longValue()).isZero();
  }

  @Test
  void sendsTimestampInEpochSeconds() throws Exception {
    String json =
        SamplingApiJson.targetsRequest(
            List.of(
                new RulesSnapshot.RuleCounts("r", "orders", new RuleStatistics.Counts(1, 1, 0))),
            "0123456789abcdef01234567",
            1_700_000_000_999L);

    // Ten digits, whole seconds: contrib and the X-Ray SDK send milliseconds here.
    assertThat(json).containsPattern("\"Timestamp\"\\s*:\\s*1700000000[,}]");
    Map<?, ?> document =
        (Map<?, ?>) ((List<?>) JSON.std.mapFrom(json).get("SamplingStatisticsDocuments")).get(0);
    assertThat(document.get("Timestamp")).isInstanceOf(Number.class);
    assertThat(((Number) document.get("Timestamp")).longValue()).isEqualTo(1_700_000_000L);
  }

  // --- adaptive sampling: sampling boost ---

  @Test
  void readsARulesSamplingRateBoost() throws Exception {
    SamplingApiJson.RulesPage page =
        SamplingApiJson.parseRules(
            rules(
                record(
                    "orders",
                    "\"SamplingRateBoost\": {\"MaxRate\": 0.5, \"CooldownWindowMinutes\": 10}"),
                record("Default", "")));

    SamplingRule orders = page.rules.get(0);
    assertThat(orders.boost().maxRate()).isEqualTo(0.5);
    assertThat(orders.boost().cooldownWindowMinutes()).isEqualTo(10);
    assertThat(orders.hash()).isEqualTo("1c168adb00d208e4");
    assertThat(page.rules.get(1).boost()).isNull();
    assertThat(page.rules.get(1).hash()).isNull();
    assertThat(page.skipped).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"SamplingRateBoost\": {\"MaxRate\": 1.5, \"CooldownWindowMinutes\": 1}",
        "\"SamplingRateBoost\": {\"CooldownWindowMinutes\": 1}",
        "\"SamplingRateBoost\": {\"MaxRate\": 0.5, \"CooldownWindowMinutes\": -1}",
        "\"SamplingRateBoost\": \"fast\"",
      })
  void keepsARuleWithABadBoostButTakesItOutOfSamplingBoost(String boost) throws Exception {
    SamplingApiJson.RulesPage page = SamplingApiJson.parseRules(rules(record("orders", boost)));

    assertThat(page.rules).singleElement().satisfies(rule -> assertThat(rule.boost()).isNull());
    assertThat(page.skipped)
        .singleElement()
        .asString()
        .contains("sampling rule 'orders' takes no part in sampling boost: SamplingRateBoost");
  }

  @Test
  void readsATargetsSamplingBoostWithItsAbsoluteExpiry() throws Exception {
    SamplingApiJson.Targets targets =
        SamplingApiJson.parseTargets(
            "{\"SamplingTargetDocuments\": [{\"RuleName\": \"orders\", \"FixedRate\": 0.05,"
                + " \"SamplingBoost\": {\"BoostRate\": 0.4, \"BoostRateTTL\": 1700000060.5}}]}");

    RulesSnapshot.TargetGrant grant = targets.grants.get("orders");
    assertThat(grant.boostRate).isEqualTo(0.4);
    assertThat(grant.boostExpiresAtMillis).isEqualTo(1_700_000_060_500L);
    assertThat(targets.problems).isEmpty();
  }

  @Test
  void ignoresABoostWithoutExpiry() throws Exception {
    SamplingApiJson.Targets targets =
        SamplingApiJson.parseTargets(
            "{\"SamplingTargetDocuments\": [{\"RuleName\": \"orders\", \"FixedRate\": 0.05,"
                + " \"SamplingBoost\": {\"BoostRate\": 0.4}}]}");

    assertThat(targets.grants.get("orders").boostRate).isNull();
  }

  @Test
  void reportsUnprocessedBoostStatisticsAsProblems() throws Exception {
    SamplingApiJson.Targets targets =
        SamplingApiJson.parseTargets(
            "{\"SamplingTargetDocuments\": [], \"UnprocessedBoostStatistics\": [{\"RuleName\":"
                + " \"orders\", \"ErrorCode\": \"400\", \"Message\": \"Unknown rule\"}]}");

    assertThat(targets.problems)
        .containsExactly(
            "X-Ray did not accept the boost statistics of rule 'orders': 400 Unknown rule");
  }

  @Test
  void writesBoostStatisticsNextToAlwaysPresentSamplingStatistics() throws Exception {
    List<RulesSnapshot.RuleCounts> counts =
        List.of(
            new RulesSnapshot.RuleCounts(
                "orders", "orders-api", new RuleStatistics.Counts(0, 0, 0, 120, 4, 1)));

    Map<String, Object> request =
        JSON.std.mapFrom(
            SamplingApiJson.targetsRequest(counts, "0123456789abcdef01234567", 1_767_225_600_500L));

    // Required by the API even when empty; contrib's writer drops it.
    assertThat((List<?>) request.get("SamplingStatisticsDocuments")).isEmpty();
    List<?> boost = (List<?>) request.get("SamplingBoostStatisticsDocuments");
    assertThat(boost).hasSize(1);
    Map<?, ?> document = (Map<?, ?>) boost.get(0);
    assertThat(document.get("RuleName")).isEqualTo("orders");
    assertThat(document.get("ServiceName")).isEqualTo("orders-api");
    assertThat(((Number) document.get("Timestamp")).longValue()).isEqualTo(1_767_225_600L);
    assertThat(((Number) document.get("TotalCount")).longValue()).isEqualTo(120);
    assertThat(((Number) document.get("AnomalyCount")).longValue()).isEqualTo(4);
    assertThat(((Number) document.get("SampledAnomalyCount")).longValue()).isEqualTo(1);
  }

  /**
   * Fuzzed (Jazzer; the corpus is {@code SamplingApiJsonTestInputs/}): any answer body fails only
   * as a {@link SamplingApiException}, and every rule it yields is within X-Ray's limits.
   */
  @FuzzTest
  void fuzzAnyAnswerYieldsBoundedRulesOrOneClearFailure(byte[] input) {
    String body = new String(input, StandardCharsets.UTF_8);
    try {
      SamplingApiJson.RulesPage page = SamplingApiJson.parseRules(body);
      for (SamplingRule rule : page.rules) {
        assertThat(rule.ruleName()).isNotEmpty().hasSizeLessThanOrEqualTo(RuleLimits.RULE_NAME);
        assertThat(rule.urlPath()).hasSizeLessThanOrEqualTo(RuleLimits.URL_PATH);
        assertThat(rule.host()).hasSizeLessThanOrEqualTo(RuleLimits.HOST);
        assertThat(rule.httpMethod()).hasSizeLessThanOrEqualTo(RuleLimits.HTTP_METHOD);
      }
    } catch (SamplingApiException expected) {
      assertThat(expected.getMessage()).startsWith("GetSamplingRules answer");
    }
    try {
      SamplingApiJson.Targets targets = SamplingApiJson.parseTargets(body);
      assertThat(targets.grants.values())
          .allSatisfy(grant -> assertThat(grant.fixedRate).isBetween(0.0, 1.0));
    } catch (SamplingApiException expected) {
      assertThat(expected.getMessage()).startsWith("SamplingTargets answer");
    }
  }
}
