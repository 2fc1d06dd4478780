/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Typed reads from the maps jackson-jr makes of JSON, each failing with a message that names the
 * field, so a bad rule or file is reported as "rule 'checkout': FixedRate 1.5 is outside 0..1".
 */
final class JsonValues {

  /** Plain JSON, as the sampling API speaks it. */
  static final JSON STRICT = JSON.std;

  /** Rules files are written by hand: comments allowed, as in the X-Ray SDK's parser. */
  static final JSON LENIENT =
      JSON.std.with(JsonFactory.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build());

  private JsonValues() {}

  static Map<String, Object> parseObject(JSON json, String text) throws InvalidJson {
    try {
      Object value = json.anyFrom(text);
      if (!(value instanceof Map)) {
        throw new InvalidJson("is not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) value;
      return map;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidJson("is not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException | RuntimeException e) {
      throw new InvalidJson("is not valid JSON: " + e.getMessage());
    }
  }

  static String string(Map<String, Object> map, String field) throws InvalidJson {
    Object value = map.get(field);
    if (!(value instanceof String)) {
      throw new InvalidJson(value == null ? field + " is missing" : field + " is not a string");
    }
    return (String) value;
  }

  static int nonNegativeInt(Map<String, Object> map, String field) throws InvalidJson {
    Object value = map.get(field);
    if (!(value instanceof Number)) {
      throw new InvalidJson(value == null ? field + " is missing" : field + " is not a number");
    }
    double number = ((Number) value).doubleValue();
    if (number < 0 || number > Integer.MAX_VALUE || number != Math.rint(number)) {
      throw new InvalidJson(field + " " + value + " is not a whole number >= 0");
    }
    return (int) number;
  }

  static int integer(Map<String, Object> map, String field) throws InvalidJson {
    Object value = map.get(field);
    if (!(value instanceof Number)) {
      throw new InvalidJson(value == null ? field + " is missing" : field + " is not a number");
    }
    double number = ((Number) value).doubleValue();
    if (number != Math.rint(number) || Math.abs(number) > Integer.MAX_VALUE) {
      throw new InvalidJson(field + " " + value + " is not a whole number");
    }
    return (int) number;
  }

  static double rate(Map<String, Object> map, String field) throws InvalidJson {
    Object value = map.get(field);
    if (!(value instanceof Number)) {
      throw new InvalidJson(value == null ? field + " is missing" : field + " is not a number");
    }
    double rate = ((Number) value).doubleValue();
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new InvalidJson(field + " " + value + " is outside 0..1");
    }
    return rate;
  }

  /**
   * An API timestamp as epoch milliseconds: a number of epoch seconds (fractional allowed), as the
   * rest-json protocol sends them, or an ISO-8601 string, as contrib's fixtures have them; {@code
   * null} when absent.
   */
  static Long timestampMillis(Map<String, Object> map, String field) throws InvalidJson {
    Object value = map.get(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number) {
      return (long) (((Number) value).doubleValue() * 1000.0);
    }
    if (value instanceof String) {
      String text = (String) value;
      try {
        return (long) (Double.parseDouble(text) * 1000.0);
      } catch (NumberFormatException notANumber) {
        try {
          return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
          throw new InvalidJson(field + " '" + text + "' is not a timestamp");
        }
      }
    }
    throw new InvalidJson(field + " is not a timestamp");
  }

  /** A JSON value that is not what the sampling API or the rules-file format says it is. */
  static final class InvalidJson extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidJson(String message) {
      super(message);
    }
  }
}
