/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.IdGeneratorModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.IdGeneratorPropertyModel;
import io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.TracerProviderModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelAccessTest {

  private final List<String> warnings = new ArrayList<>();
  private final ModelAccess access = new ModelAccess(warnings::add);

  @Test
  void setsThroughSdk165WithMethods() {
    TracerProviderModel tracing = new TracerProviderModel();
    IdGeneratorModel ids = new IdGeneratorModel();

    assertThat(access.set(tracing, "IdGenerator", ids)).isTrue();

    assertThat(tracing.getIdGenerator()).isSameAs(ids);
    assertThat(warnings).isEmpty();
  }

  @Test
  void putsComponentsAsSdk165TypedValues() {
    IdGeneratorModel ids = new IdGeneratorModel();

    assertThat(access.putExtension(ids, "xray", null)).isTrue();

    assertThat(ids.getAdditionalProperties()).containsOnlyKeys("xray");
    assertThat(ids.getAdditionalProperties().get("xray"))
        .isInstanceOf(IdGeneratorPropertyModel.class);
  }

  @Test
  void setsAndPutsThroughSdk167Names() {
    Sdk167Node node = new Sdk167Node();

    assertThat(access.set(node, "Sampler", "value")).isTrue();
    assertThat(access.putExtension(node, "xray", null)).isTrue();

    assertThat(node.sampler).isEqualTo("value");
    assertThat(access.extensions(node)).containsOnlyKeys("xray");
    assertThat(node.extensions.get("xray")).isEqualTo(new LinkedHashMap<>());
    assertThat(warnings).isEmpty();
  }

  @Test
  void keepsAValueOfTheSameModelWhenRenaming() {
    Sdk167Node node = new Sdk167Node();
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("endpoint", "http://localhost:2000");

    access.putExtension(node, "otelxray_xray", properties);

    assertThat(node.extensions.get("otelxray_xray")).isSameAs(properties);
  }

  @Test
  void aMissingMethodWarnsOnceAndChangesNothing() {
    Object node = new Object();

    assertThat(access.set(node, "Sampler", "value")).isFalse();
    assertThat(access.set(node, "Sampler", "value")).isFalse();
    assertThat(access.extensions(node)).isEmpty();

    assertThat(warnings)
        .hasSize(2)
        .allSatisfy(w -> assertThat(w).contains("leaves that part of the configuration file"));
    assertThat(warnings.get(0)).contains("setSampler or withSampler");
    assertThat(warnings.get(1)).contains("getExtensionProperties or getAdditionalProperties");
  }

  @Test
  void readsChildrenOfPlainMapsAndTypedNodes() {
    Map<String, Object> ours = new LinkedHashMap<>();
    ours.put("annotations", "order_id");
    Map<String, Object> java = new LinkedHashMap<>();
    java.put("aws_xray", ours);
    Sdk167Node root = new Sdk167Node();
    Map<String, Object> instrumentation = new LinkedHashMap<>();
    instrumentation.put("java", java);
    root.extensions.put("instrumentation/development", instrumentation);

    Object node =
        access.child(access.extensions(root).get("instrumentation/development"), "java", "getJava");

    assertThat(access.asMap(access.child(node, "aws_xray", null))).isSameAs(ours);
    assertThat(access.child(null, "java", "getJava")).isNull();
    assertThat(access.asMap(null)).isEmpty();
  }

  @Test
  void putsComponentsOnSdk167NodesThatKeptTheAdditionalPropertyName() {
    Sdk167DetectorNode node = new Sdk167DetectorNode();

    assertThat(access.putExtension(node, "otelxray_aws", null)).isTrue();

    assertThat(access.extensions(node)).containsOnlyKeys("otelxray_aws");
    assertThat(node.extensions.get("otelxray_aws")).isInstanceOf(LinkedHashMap.class);
    assertThat(warnings).isEmpty();
  }

  /**
   * The shape of SDK 1.67's resource detector node, which kept 1.65's {@code
   * getAdditionalProperties} and renamed only its setter.
   */
  public static final class Sdk167DetectorNode {
    final Map<String, LinkedHashMap<String, Object>> extensions = new LinkedHashMap<>();

    public Map<String, LinkedHashMap<String, Object>> getAdditionalProperties() {
      return extensions;
    }

    public Sdk167DetectorNode setAdditionalProperty(String name, LinkedHashMap<String, Object> v) {
      extensions.put(name, v);
      return this;
    }
  }

  /** The shape of an SDK 1.67 model node. */
  public static final class Sdk167Node {
    Object sampler;
    final Map<String, Object> extensions = new LinkedHashMap<>();

    public Sdk167Node setSampler(Object sampler) {
      this.sampler = sampler;
      return this;
    }

    public Map<String, Object> getExtensionProperties() {
      return extensions;
    }

    public Sdk167Node setExtensionProperty(String name, Object value) {
      extensions.put(name, value);
      return this;
    }
  }
}
