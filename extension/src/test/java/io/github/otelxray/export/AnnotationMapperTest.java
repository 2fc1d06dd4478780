/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longArrayKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnnotationMapperTest {

  private static final AttributeKey<List<String>> ANNOTATIONS =
      stringArrayKey("aws.xray.annotations");

  private final List<String> warnings = new ArrayList<>();

  private AnnotationMapper mapper(String... patterns) {
    return AnnotationMapper.compile(
        Arrays.asList(patterns),
        new Redactor(
            true,
            ExportSettings.DEFAULT_REDACTED_HEADERS,
            ExportSettings.DEFAULT_REDACTED_QUERY_PARAMS),
        "otel.aws.xray.annotations",
        warnings::add);
  }

  @Test
  void listsConfiguredNames() {
    Attributes mapped =
        mapper("order_id", "tenant")
            .apply(
                Attributes.builder()
                    .put("order_id", "o-42")
                    .put("tenant", "acme")
                    .put("other", "x")
                    .build());

    assertThat(mapped.get(ANNOTATIONS)).containsExactly("order_id", "tenant");
    assertThat(mapped.get(stringKey("order_id"))).isEqualTo("o-42");
    assertThat(mapped.get(stringKey("other"))).isEqualTo("x");
  }

  @Test
  void listsAttributesMatchingGlobs() {
    Attributes mapped =
        mapper("app.*", "*.id")
            .apply(
                Attributes.builder()
                    .put("app.tier", "gold")
                    .put("app.region_count", 3L)
                    .put("order.id", "o-1")
                    .put("application", "x")
                    .build());

    assertThat(mapped.get(ANNOTATIONS))
        .containsExactlyInAnyOrder("app.tier", "app.region_count", "order.id");
  }

  @Test
  void prefixedAttributeAlwaysBecomesTheAnnotationWithoutConfiguration() {
    Attributes mapped =
        mapper().apply(Attributes.builder().put("aws.xray.annotation.customer", "c-7").build());

    assertThat(mapped.get(stringKey("customer"))).isEqualTo("c-7");
    assertThat(mapped.get(stringKey("aws.xray.annotation.customer"))).isNull();
    assertThat(mapped.get(ANNOTATIONS)).containsExactly("customer");
    assertThat(mapped.size()).isEqualTo(2);
  }

  @Test
  void prefixedAttributeKeepsItsType() {
    Attributes mapped =
        mapper()
            .apply(
                Attributes.builder()
                    .put("aws.xray.annotation.count", 3L)
                    .put("aws.xray.annotation.ratio", 0.5)
                    .put("aws.xray.annotation.vip", true)
                    .build());

    assertThat(mapped.get(longKey("count"))).isEqualTo(3L);
    assertThat(mapped.get(doubleKey("ratio"))).isEqualTo(0.5);
    assertThat(mapped.get(booleanKey("vip"))).isTrue();
    assertThat(mapped.get(ANNOTATIONS)).containsExactly("count", "ratio", "vip");
  }

  @Test
  void explicitPrefixWinsOverAnAttributeOfTheSameName() {
    Attributes mapped =
        mapper("tenant")
            .apply(
                Attributes.builder()
                    .put("tenant", 1L)
                    .put("aws.xray.annotation.tenant", "explicit")
                    .build());

    assertThat(mapped.get(stringKey("tenant"))).isEqualTo("explicit");
    assertThat(mapped.get(longKey("tenant"))).isNull();
    assertThat(mapped.get(ANNOTATIONS)).containsExactly("tenant");
    assertThat(mapped.size()).isEqualTo(2);
  }

  @Test
  void mergesWithTheListTheApplicationSet() {
    Attributes mapped =
        mapper("tenant")
            .apply(
                Attributes.builder()
                    .put(ANNOTATIONS, List.of("mine", "tenant"))
                    .put("mine", "m")
                    .put("tenant", "acme")
                    .put("aws.xray.annotation.order", "o")
                    .build());

    assertThat(mapped.get(ANNOTATIONS)).containsExactly("mine", "tenant", "order");
  }

  @Test
  void treatsAPlainStringListAsOneName() {
    Attributes mapped =
        mapper("tenant")
            .apply(
                Attributes.builder()
                    .put("aws.xray.annotations", "mine")
                    .put("tenant", "acme")
                    .build());

    assertThat(mapped.get(ANNOTATIONS)).containsExactly("mine", "tenant");
    assertThat(mapped.get(stringKey("aws.xray.annotations"))).isNull();
  }

  @Test
  void returnsTheSameAttributesWhenNothingIsToBeAnnotated() {
    Attributes attributes =
        Attributes.builder().put("order_id", "o").put("http.request.method", "GET").build();

    assertThat(mapper("tenant", "app.*").apply(attributes)).isSameAs(attributes);
    assertThat(mapper().apply(attributes)).isSameAs(attributes);
  }

  @Test
  void returnsTheSameAttributesWhenEverythingIsListedAlready() {
    Attributes attributes =
        Attributes.builder().put(ANNOTATIONS, List.of("tenant")).put("tenant", "acme").build();

    assertThat(mapper("tenant").apply(attributes)).isSameAs(attributes);
  }

  @ParameterizedTest
  @CsvSource({
    "order-id,         order_id",
    "order id,         order_id",
    "app/tier,         app_tier",
    "tenant:region,    tenant_region",
    "café,             caf_",
    "emoji😀x,         emoji_x",
    "already_ok.9,     already_ok.9",
  })
  void writesTheAnnotationUnderThePredictableSanitisedName(String name, String annotation) {
    Attributes mapped =
        mapper().apply(Attributes.builder().put("aws.xray.annotation." + name, "v").build());

    assertThat(AnnotationMapper.sanitize(name)).isEqualTo(annotation);
    assertThat(mapped.get(stringKey(annotation))).isEqualTo("v");
    assertThat(mapped.get(ANNOTATIONS)).containsExactly(annotation);
  }

  @Test
  void renamesAConfiguredAttributeToItsSanitisedName() {
    Attributes mapped =
        mapper("order-id").apply(Attributes.builder().put("order-id", "o-42").build());

    assertThat(mapped.get(stringKey("order_id"))).isEqualTo("o-42");
    assertThat(mapped.get(stringKey("order-id"))).isNull();
    assertThat(mapped.get(ANNOTATIONS)).containsExactly("order_id");
  }

  @Test
  void neverOverwritesAnotherAttributeToSanitiseAName() {
    Attributes mapped =
        mapper("order*")
            .apply(
                Attributes.builder().put("order-id", "dash").put("order_id", "underscore").build());

    assertThat(mapped.get(stringKey("order-id"))).isEqualTo("dash");
    assertThat(mapped.get(stringKey("order_id"))).isEqualTo("underscore");
    assertThat(mapped.get(ANNOTATIONS)).containsExactly("order_id");
  }

  @Test
  void firstPrefixedAttributeInKeyOrderWinsWhenTwoSanitiseAlike() {
    Attributes mapped =
        mapper()
            .apply(
                Attributes.builder()
                    .put("aws.xray.annotation.a_b", "underscore")
                    .put("aws.xray.annotation.a-b", "dash")
                    .build());

    assertThat(mapped.get(stringKey("a_b"))).isEqualTo("dash");
    assertThat(mapped.get(stringKey("aws.xray.annotation.a_b"))).isEqualTo("underscore");
    assertThat(mapped.get(ANNOTATIONS)).containsExactly("a_b");
  }

  @Test
  void doesNotListAKeyLongerThan500() {
    String name = "k".repeat(501);
    Attributes attributes =
        Attributes.builder().put(name, "v").put("aws.xray.annotation." + name, "v").build();

    assertThat(mapper("k*").apply(attributes)).isSameAs(attributes);
  }

  @Test
  void listsAKeyOfExactly500() {
    String name = "k".repeat(500);

    assertThat(mapper(name).apply(Attributes.builder().put(name, "v").build()).get(ANNOTATIONS))
        .containsExactly(name);
  }

  @Test
  void cutsStringValuesTo1000UnicodeCharacters() {
    String emoji = "😀"; // two UTF-16 units, one character
    String value = emoji.repeat(1200);

    Attributes mapped = mapper("long").apply(Attributes.builder().put("long", value).build());

    String annotated = mapped.get(stringKey("long"));
    assertThat(annotated.codePointCount(0, annotated.length())).isEqualTo(1000);
    assertThat(annotated).isEqualTo(emoji.repeat(1000));
  }

  @Test
  void keepsAValueOfExactly1000Characters() {
    String value = "v".repeat(1000);

    Attributes mapped = mapper("ok").apply(Attributes.builder().put("ok", value).build());

    assertThat(mapped.get(stringKey("ok"))).isSameAs(value);
  }

  @Test
  void addsAtMost50AnnotationsCountingTheApplicationsOwn() {
    AttributesBuilder builder = Attributes.builder().put(ANNOTATIONS, List.of("own1", "own2"));
    for (int i = 0; i < 60; i++) {
      builder.put(String.format("app.a%02d", i), "v");
    }
    builder.put("aws.xray.annotation.explicit", "e");

    Attributes mapped = mapper("app.*").apply(builder.build());

    List<String> listed = mapped.get(ANNOTATIONS);
    assertThat(listed).hasSize(50);
    assertThat(listed.subList(0, 3)).containsExactly("own1", "own2", "explicit");
    assertThat(listed.get(49)).isEqualTo("app.a46");
  }

  @Test
  void leavesPrefixedAttributesBeyondTheLimitAsTheyAre() {
    List<String> full = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      full.add("own" + i);
    }
    Attributes attributes =
        Attributes.builder().put(ANNOTATIONS, full).put("aws.xray.annotation.late", "l").build();

    assertThat(mapper().apply(attributes)).isSameAs(attributes);
  }

  @Test
  void listsOnlyStringNumberAndBooleanValues() {
    Attributes mapped =
        mapper("a.*")
            .apply(
                Attributes.builder()
                    .put("a.string", "s")
                    .put("a.long", 1L)
                    .put("a.double", 1.5)
                    .put("a.bool", false)
                    .put(stringArrayKey("a.strings"), List.of("x"))
                    .put(longArrayKey("a.longs"), List.of(1L))
                    .put("a.nan", Double.NaN)
                    .put("a.infinite", Double.POSITIVE_INFINITY)
                    .build());

    assertThat(mapped.get(ANNOTATIONS))
        .containsExactlyInAnyOrder("a.string", "a.long", "a.double", "a.bool");
    assertThat(mapped.get(stringArrayKey("a.strings"))).containsExactly("x");
  }

  @Test
  void leavesAPrefixedArrayUnderItsFullName() {
    Attributes attributes =
        Attributes.builder().put(stringArrayKey("aws.xray.annotation.tags"), List.of("a")).build();

    assertThat(mapper().apply(attributes)).isSameAs(attributes);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http.request.method",
        "url.full",
        "server.address",
        "aws.region",
        "db.statement",
        "enduser.id",
        "net.peer.name",
        "http.request.header.x-tenant"
      })
  void neverListsKeysTheTranslatorConsumes(String key) {
    Attributes attributes = Attributes.builder().put(key, "v").build();

    assertThat(mapper(key, "*").apply(attributes)).isSameAs(attributes);
  }

  @Test
  void leavesAPrefixedAttributeNamingAConsumedKeyAlone() {
    Attributes attributes =
        Attributes.builder()
            .put("http.request.method", "GET")
            .put("aws.xray.annotation.http.request.method", "POST")
            .build();

    assertThat(mapper().apply(attributes)).isSameAs(attributes);
  }

  @Test
  void warnsOncePerConfiguredKeyThatCannotWork() {
    mapper("tenant", "http.request.method", "db.*", "http.request.header.x-tenant", "app.*");

    assertThat(warnings).hasSize(3);
    assertThat(warnings.get(0)).contains("'http.request.method'", "indexed_attributes");
    assertThat(warnings.get(1)).contains("'db.*'", "indexed_attributes");
    assertThat(warnings.get(2)).contains("'http.request.header.x-tenant'", "string array");
  }

  @ParameterizedTest
  @CsvSource({
    "password,             hunter2",
    "app.api_key,          k-123",
    "aws.xray.annotation.token, t-1",
    "aws.xray.annotation.x-api-key, k",
  })
  void redactsAnnotationsNamedLikeASecret(String key, String value) {
    Attributes mapped =
        mapper("password", "app.*").apply(Attributes.builder().put(key, value).build());

    assertThat(mapped.get(ANNOTATIONS)).hasSize(1);
    String annotation = mapped.get(ANNOTATIONS).get(0);
    assertThat(mapped.get(stringKey(annotation))).isEqualTo("REDACTED");
  }

  @Test
  void redactsANumericSecretToo() {
    Attributes mapped =
        mapper().apply(Attributes.builder().put("aws.xray.annotation.pin.password", 1234L).build());

    assertThat(mapped.get(stringKey("pin.password"))).isEqualTo("REDACTED");
    assertThat(mapped.get(longKey("pin.password"))).isNull();
  }

  @Test
  void redactsUrlSecretsInAnnotationValues() {
    Attributes mapped =
        mapper("app.callback")
            .apply(
                Attributes.builder().put("app.callback", "https://u:pw@h/cb?token=t&id=9").build());

    assertThat(mapped.get(stringKey("app.callback")))
        .isEqualTo("https://u:REDACTED@h/cb?token=REDACTED&id=9");
  }

  @Test
  void leavesSecretLookingNamesAloneWhenRedactionIsOff() {
    AnnotationMapper plain =
        AnnotationMapper.compile(
            List.of("password"),
            new Redactor(false, List.of(), List.of()),
            "otel.aws.xray.annotations",
            warnings::add);

    Attributes mapped = plain.apply(Attributes.builder().put("password", "hunter2").build());

    assertThat(mapped.get(stringKey("password"))).isEqualTo("hunter2");
  }

  @Test
  void neverListsItsOwnControlAttributes() {
    Attributes mapped =
        mapper("aws.*")
            .apply(
                Attributes.builder()
                    .put("aws.xray.metadata.orders", "{\"a\":1}")
                    .put("aws.xray.sampling_rule", "Default")
                    .build());

    assertThat(mapped.get(ANNOTATIONS)).containsExactly("aws.xray.sampling_rule");
  }
}
