/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.declarative;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The few calls on the SDK's configuration model whose names differ between SDK releases, tried
 * under each name; everything else is called directly.
 *
 * <p>We compile against SDK 1.65.0, whose model setters are {@code withSampler(..)} and whose
 * unknown keys (component names such as {@code xray}) live in {@code getAdditionalProperties()},
 * typed per node ({@code SamplerPropertyModel}, ...). Agent 2.33.1 carries SDK 1.67.0: {@code
 * setSampler(..)}, {@code getExtensionProperties()} with plain {@code Object} values, and {@code
 * instrumentation/development} no longer a typed property. A call compiled against one fails with
 * {@code NoSuchMethodError} on the other, inside the agent's start-up, so these go through
 * reflection. When neither name exists, the call does nothing and one warning per method says so:
 * the caller carries on with what works.
 */
final class ModelAccess {

  private final Consumer<String> warn;
  private final Set<String> warned = Collections.newSetFromMap(new ConcurrentHashMap<>());

  ModelAccess(Consumer<String> warn) {
    this.warn = warn;
  }

  /**
   * {@code bean.set<Property>(value)} (SDK 1.67) or {@code bean.with<Property>(value)} (1.65);
   * {@code false} when the model has neither.
   */
  boolean set(Object bean, String property, Object value) {
    Method method = method(bean, 1, "set" + property, "with" + property);
    if (method == null) {
      return false;
    }
    return invoke(bean, method, value) != FAILED;
  }

  /**
   * The component names under a node and their values ({@code getExtensionProperties()} in SDK
   * 1.67, {@code getAdditionalProperties()} in 1.65); empty when the model has neither.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> extensions(Object bean) {
    Method method = method(bean, 0, "getExtensionProperties", "getAdditionalProperties");
    Object result = method == null ? null : invoke(bean, method);
    if (result == FAILED) {
      result = null;
    }
    return result instanceof Map ? (Map<String, Object>) result : Collections.emptyMap();
  }

  /**
   * Puts component {@code name} with {@code value} under the node. {@code value} is kept when it
   * comes from the same model (renaming an entry); otherwise ({@code null}: a component with no
   * properties) an empty value of the type this SDK expects is made.
   */
  boolean putExtension(Object bean, String name, Object value) {
    // SDK 1.67 kept the 1.65 name for some nodes (resource detectors): setAdditionalProperty.
    Method method =
        method(bean, 2, "setExtensionProperty", "withAdditionalProperty", "setAdditionalProperty");
    if (method == null) {
      return false;
    }
    Object argument = value;
    Class<?> type = method.getParameterTypes()[1];
    if (argument == null || !type.isInstance(argument)) {
      argument = emptyValue(type);
    }
    return invoke(bean, method, name, argument) != FAILED;
  }

  /**
   * {@code bean.<getter>()} for a getter that not every SDK has; {@code null}, silently, without it
   * (callers look elsewhere then).
   */
  Object optionalGet(Object bean, String getter) {
    for (Method candidate : bean.getClass().getMethods()) {
      if (candidate.getName().equals(getter) && candidate.getParameterCount() == 0) {
        Object result = invoke(bean, candidate);
        return result == FAILED ? null : result;
      }
    }
    return null;
  }

  /**
   * The child {@code key} of a node that is a plain map (SDK 1.67 keeps {@code
   * instrumentation/development} as one), a typed node with {@code getter}, or a typed node holding
   * {@code key} among its extensions (SDK 1.65); {@code null} when absent.
   */
  Object child(Object node, String key, String getter) {
    if (node == null) {
      return null;
    }
    if (node instanceof Map) {
      return ((Map<?, ?>) node).get(key);
    }
    Object typed = getter == null ? null : optionalGet(node, getter);
    return typed != null ? typed : extensions(node).get(key);
  }

  /** A node's entries: the map itself, or a typed node's extensions; empty for {@code null}. */
  @SuppressWarnings("unchecked")
  Map<String, Object> asMap(Object node) {
    if (node == null) {
      return Collections.emptyMap();
    }
    if (node instanceof Map) {
      return (Map<String, Object>) node;
    }
    return extensions(node);
  }

  /**
   * {@code resource.detection/development}: a typed property in SDK 1.65; in 1.67 an extension
   * property of the resource that only the SDK's {@code ResourceModelAccessor} turns into the typed
   * node. {@code null} when absent.
   */
  Object resourceDetection(Object resource) {
    Method accessor = detectionAccessor(resource, "getDetection", 1);
    if (accessor == null) {
      return optionalGet(resource, "getDetectionDevelopment");
    }
    Object result = invoke(null, accessor, resource);
    return result == FAILED ? null : result;
  }

  /** Sets {@code resource.detection/development}, whichever way this SDK keeps it. */
  boolean setResourceDetection(Object resource, Object detection) {
    Method accessor = detectionAccessor(resource, "setDetection", 2);
    if (accessor == null) {
      return set(resource, "DetectionDevelopment", detection);
    }
    return invoke(null, accessor, resource, detection) != FAILED;
  }

  private static final String RESOURCE_ACCESSOR =
      "io.opentelemetry.sdk.autoconfigure.declarativeconfig.model.internal.ResourceModelAccessor";

  /** SDK 1.67's static {@code ResourceModelAccessor.<name>}; {@code null} in SDKs without it. */
  private static Method detectionAccessor(Object resource, String name, int arity) {
    try {
      Class<?> accessor =
          Class.forName(RESOURCE_ACCESSOR, false, resource.getClass().getClassLoader());
      for (Method candidate : accessor.getMethods()) {
        if (candidate.getName().equals(name) && candidate.getParameterCount() == arity) {
          return candidate;
        }
      }
      return null;
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** An empty component value: a map for SDK 1.67 ({@code Object}), the typed node for 1.65. */
  private Object emptyValue(Class<?> type) {
    if (type == Object.class || type.isAssignableFrom(java.util.LinkedHashMap.class)) {
      return new java.util.LinkedHashMap<String, Object>();
    }
    try {
      Constructor<?> constructor = type.getConstructor();
      return constructor.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      warnOnce(type.getName(), "cannot create an empty " + type.getSimpleName());
      return null;
    }
  }

  private static final Object FAILED = new Object();

  private Object invoke(Object bean, Method method, Object... arguments) {
    try {
      return method.invoke(bean, arguments);
    } catch (IllegalAccessException | IllegalArgumentException e) {
      warnOnce(method.toString(), "cannot call " + method + ": " + e);
      return FAILED;
    } catch (InvocationTargetException e) {
      warnOnce(method.toString(), method + " failed: " + e.getCause());
      return FAILED;
    }
  }

  /** The first public method of {@code bean} with one of {@code names} and that many arguments. */
  private Method method(Object bean, int arity, String... names) {
    for (String name : names) {
      for (Method candidate : bean.getClass().getMethods()) {
        if (candidate.getName().equals(name) && candidate.getParameterCount() == arity) {
          return candidate;
        }
      }
    }
    warnOnce(
        bean.getClass().getName() + "." + names[0],
        bean.getClass().getSimpleName()
            + " has no "
            + String.join(" or ", names)
            + " in this agent's SDK");
    return null;
  }

  private void warnOnce(String key, String problem) {
    if (warned.add(key)) {
      warn.accept(
          "X-Ray declarative configuration: "
              + problem
              + "; the extension leaves that part of the configuration file as it is.");
    }
  }
}
