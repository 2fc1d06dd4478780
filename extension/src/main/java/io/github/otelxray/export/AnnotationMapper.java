/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Picks the span attributes that become X-Ray annotations and lists them in the string-array
 * attribute {@code aws.xray.annotations}, which the collector's awsxray exporter reads (and then
 * deletes). Two sources, in this order of precedence:
 *
 * <ol>
 *   <li>{@code aws.xray.annotation.<name>}, always: the attribute is renamed to {@code <name>} and
 *       listed. If the span also has an attribute {@code <name>}, the explicit one wins, because
 *       the prefix is the one unambiguous way to ask for an annotation;
 *   <li>attributes matching {@code otel.aws.xray.annotations}.
 * </ol>
 *
 * A list already on the span (set by the application) is kept as written, names and attributes
 * unchecked, and our names are added after it; a plain string there counts as one name.
 *
 * <p>An attribute that cannot be an annotation under the rules below stays as it is, a prefixed one
 * under its full name: the collector then files it under metadata, where the user can see it was
 * not indexed. Where two candidates want the same name, the first in key order (the SDK sorts keys)
 * wins.
 *
 * <p>It enforces what neither the collector nor the SDK does, so that what the user configures is
 * what X-Ray indexes, or visibly stays metadata:
 *
 * <ul>
 *   <li>Values: string, long, double (finite) and boolean only. Arrays are not listed: the
 *       collector drops an indexed array entirely, while unlisted it survives as metadata.
 *   <li>Key characters: X-Ray accepts letters, digits, {@code _} and {@code .}; the collector
 *       replaces every other character with {@code _} after it has matched the listed name against
 *       the attribute name. We rename the attribute to the sanitised name ourselves and list that,
 *       so the annotation is called exactly what {@link #sanitize} says, whichever collector
 *       version runs, and an attribute {@code order-id} is found as {@code order_id}. We never
 *       overwrite another attribute to do so: if {@code order_id} exists too, {@code order-id}
 *       stays as it is, unlisted. (Collectors older than the {@code allowDot} gate turn {@code .}
 *       into {@code _} as well; nothing we can do from here.)
 *   <li>Key length at most 500: longer keys are not listed (a truncated key could collide, and
 *       would not be the name the user searches for).
 *   <li>String values at most 1,000 Unicode characters: longer ones are cut to 1,000 rather than
 *       dropped, so the annotation exists on every span that has the attribute and {@code
 *       BEGINSWITH} filters still find it; what is cut is only the tail.
 *   <li>At most 50 annotations: X-Ray's limit is per trace, and a span cannot see the rest of its
 *       trace, so this is enforced per span, the only bound we can check here. It stops a broad
 *       glob from flooding one segment; several annotated spans of one trace can still exceed 50
 *       together. The application's own list counts; we add only while there is room.
 *   <li>Keys the translator consumes ({@link TranslatorKeys}) are never listed or renamed.
 * </ul>
 *
 * <p>Values are redacted before they become annotations: the redactor has already run over the
 * attributes, and here an annotation whose name is itself a secret word (a redacted header or query
 * parameter, e.g. {@code password} or {@code app.api_key}) gets {@code REDACTED}, and a string
 * value that holds a URL loses its userinfo and secret query values. Annotations are indexed and
 * searchable by anyone who can read traces, the last place a secret should go.
 */
final class AnnotationMapper {

  static final AttributeKey<List<String>> ANNOTATIONS =
      AttributeKey.stringArrayKey(TranslatorKeys.ANNOTATIONS);
  static final String PREFIX = TranslatorKeys.ANNOTATION_PREFIX;
  static final int MAX_ANNOTATIONS = 50;
  static final int MAX_KEY_LENGTH = 500;
  static final int MAX_VALUE_LENGTH = 1000;

  private static final AttributeKey<String> ANNOTATIONS_AS_STRING =
      AttributeKey.stringKey(TranslatorKeys.ANNOTATIONS);

  private final AttributeGlob[] globs;
  private final Redactor redactor;

  private AnnotationMapper(AttributeGlob[] globs, Redactor redactor) {
    this.globs = globs;
    this.redactor = redactor;
  }

  /**
   * Compiles the configured names and globs once; warns, once per entry, about entries that name or
   * can match attributes no annotation can come from.
   */
  static AnnotationMapper compile(
      List<String> patterns, Redactor redactor, String configKey, Consumer<String> warn) {
    AttributeGlob[] globs = new AttributeGlob[patterns.size()];
    for (int i = 0; i < globs.length; i++) {
      globs[i] = AttributeGlob.compile(patterns.get(i));
      String warning = TranslatorKeys.warningFor(configKey, globs[i]);
      if (warning != null) {
        warn.accept(warning);
      }
    }
    return new AnnotationMapper(globs, redactor);
  }

  /** {@code attributes} itself when no annotation is to be added or changed. */
  Attributes apply(Attributes attributes) {
    Candidates found = new Candidates();
    attributes.forEach(found);
    if (found.explicit == null && found.configured == null) {
      return attributes;
    }
    return rewrite(attributes, found);
  }

  private Attributes rewrite(Attributes attributes, Candidates found) {
    Set<String> names = new LinkedHashSet<>(listed(attributes));
    int listedBefore = names.size();
    Set<String> written = new HashSet<>();
    AttributesBuilder builder = null;

    if (found.explicit != null) {
      for (AttributeKey<?> key : found.explicit) {
        String name = key.getKey().substring(PREFIX.length());
        String target = sanitize(name);
        if (target.length() > MAX_KEY_LENGTH
            || !TranslatorKeys.annotatable(target)
            || written.contains(target) // an earlier prefix attribute sanitised to the same name
            || !hasRoom(names, target)) {
          continue; // stays as it is: metadata under its full name, where the user can see it
        }
        Object value = annotationValue(key, attributes.get(key), name, target);
        if (value == null) {
          continue;
        }
        builder = builder != null ? builder : attributes.toBuilder();
        builder.remove(key);
        replace(builder, target, value);
        written.add(target);
        names.add(target);
      }
    }

    if (found.configured != null) {
      Set<String> existing = null;
      for (AttributeKey<?> key : found.configured) {
        String name = key.getKey();
        String target = sanitize(name);
        boolean rename = !target.equals(name);
        if (target.length() > MAX_KEY_LENGTH
            || written.contains(target) // the explicit prefix won this name
            || !hasRoom(names, target)) {
          continue;
        }
        if (rename) {
          existing = existing != null ? existing : keyNames(attributes);
          if (existing.contains(target) || !TranslatorKeys.annotatable(target)) {
            continue;
          }
        }
        Object original = attributes.get(key);
        Object value = annotationValue(key, original, name, target);
        if (value == null) {
          continue;
        }
        if (rename || value != original) {
          builder = builder != null ? builder : attributes.toBuilder();
          builder.remove(key);
          replace(builder, target, value);
          written.add(target);
        }
        names.add(target);
      }
    }

    if (builder == null && names.size() == listedBefore) {
      return attributes; // everything we would list is listed already, unchanged
    }
    builder = builder != null ? builder : attributes.toBuilder();
    replace(
        builder, TranslatorKeys.ANNOTATIONS, Collections.unmodifiableList(new ArrayList<>(names)));
    return builder.build();
  }

  /**
   * The value to annotate with, redacted and cut to X-Ray's limits, or {@code null} when this
   * attribute cannot be an annotation.
   */
  private Object annotationValue(AttributeKey<?> key, Object value, String name, String target) {
    AttributeType type = key.getType();
    boolean secret = redactor.isSecretName(name) || redactor.isSecretName(target);
    switch (type) {
      case STRING:
        String text = (String) value;
        if (secret) {
          return text.isEmpty() ? text : Redactor.REDACTED;
        }
        return truncate(redactor.text(text));
      case DOUBLE:
        double number = (Double) value;
        if (Double.isNaN(number) || Double.isInfinite(number)) {
          return null; // no JSON for it: the collector would fail the whole segment
        }
        return secret ? Redactor.REDACTED : value;
      case LONG:
      case BOOLEAN:
        return secret ? Redactor.REDACTED : value;
      default:
        return null;
    }
  }

  /** X-Ray's annotation key: letters, digits, {@code _} and {@code .}; anything else becomes _. */
  static String sanitize(String name) {
    int i = 0;
    while (i < name.length() && isKeyChar(name.charAt(i))) {
      i++;
    }
    if (i == name.length()) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length()).append(name, 0, i);
    while (i < name.length()) {
      int codePoint = name.codePointAt(i);
      // One '_' per character, as the collector does (per rune), not per UTF-16 unit.
      out.append(codePoint < 128 && isKeyChar((char) codePoint) ? (char) codePoint : '_');
      i += Character.charCount(codePoint);
    }
    return out.toString();
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.';
  }

  static String truncate(String value) {
    if (value.length() <= MAX_VALUE_LENGTH
        || value.codePointCount(0, value.length()) <= MAX_VALUE_LENGTH) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, MAX_VALUE_LENGTH));
  }

  private static boolean hasRoom(Set<String> names, String name) {
    return names.size() < MAX_ANNOTATIONS || names.contains(name);
  }

  /** The names the span lists already; a plain string counts as one name. */
  private static List<String> listed(Attributes attributes) {
    List<String> list = attributes.get(ANNOTATIONS);
    if (list != null) {
      return list;
    }
    String single = attributes.get(ANNOTATIONS_AS_STRING);
    return single != null ? Collections.singletonList(single) : Collections.<String>emptyList();
  }

  private static Set<String> keyNames(Attributes attributes) {
    Set<String> names = new HashSet<>();
    attributes.forEach((key, value) -> names.add(key.getKey()));
    return names;
  }

  /** Puts {@code value} under {@code name}, removing an attribute of that name of any type. */
  @SuppressWarnings("unchecked")
  private static void replace(AttributesBuilder builder, String name, Object value) {
    builder.removeIf(key -> key.getKey().equals(name));
    if (value instanceof String) {
      builder.put(AttributeKey.stringKey(name), (String) value);
    } else if (value instanceof Long) {
      builder.put(AttributeKey.longKey(name), (Long) value);
    } else if (value instanceof Double) {
      builder.put(AttributeKey.doubleKey(name), (Double) value);
    } else if (value instanceof Boolean) {
      builder.put(AttributeKey.booleanKey(name), (Boolean) value);
    } else {
      builder.put(AttributeKey.stringArrayKey(name), (List<String>) value);
    }
  }

  private boolean isConfigured(String name) {
    for (AttributeGlob glob : globs) {
      if (glob.matches(name)) {
        return true;
      }
    }
    return false;
  }

  /** One pass over the attributes; allocates its lists only when it finds a candidate. */
  private final class Candidates implements BiConsumer<AttributeKey<?>, Object> {
    List<AttributeKey<?>> explicit;
    List<AttributeKey<?>> configured;

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      String name = key.getKey();
      if (name.startsWith(PREFIX)) {
        if (name.length() > PREFIX.length()) {
          explicit = add(explicit, key);
        }
      } else if (globs.length > 0 && isConfigured(name) && TranslatorKeys.annotatable(name)) {
        configured = add(configured, key);
      }
    }

    private List<AttributeKey<?>> add(List<AttributeKey<?>> list, AttributeKey<?> key) {
      List<AttributeKey<?>> result = list != null ? list : new ArrayList<>(4);
      result.add(key);
      return result;
    }
  }
}
