/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import io.github.otelxray.http.BoundedPost;
import io.github.otelxray.http.HttpAnswer;
import io.github.otelxray.http.HttpCallException;
import io.github.otelxray.http.InstrumentationSuppression;
import io.github.otelxray.logging.LogText;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.SamplingRule;
import io.github.otelxray.sigv4.RequestSigner;
import io.github.otelxray.sigv4.SigningException;
import io.github.otelxray.sigv4.XRayRefusal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sampling API through the collector's {@code awsproxy} (or the X-Ray daemon), over the JDK's
 * own HTTP client: nothing to bundle, and present on every Java 8 runtime.
 *
 * <p>Every call is bounded ({@link BoundedPost}): 2 s to connect, 5 s to wait for the next bytes, 1
 * MiB of answer, and {@value #CALL_DEADLINE_MILLIS} ms for the whole call, every page or batch of
 * it included, error answers too; a rules fetch follows at most 100 pages and accepts at most
 * {@link RuleLimits#RULES} rules. A hanging, dripping or flooding proxy costs the poller thread at
 * most that, and the application nothing.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class HttpSamplingApi implements SamplingApi {

  static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  static final int READ_TIMEOUT_MILLIS = 5_000;
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  /**
   * The whole call: connecting, sending, and reading every byte of every page or batch. The read
   * timeout alone bounds only the wait for the next bytes, which a proxy sending a byte a second
   * never exceeds.
   */
  static final int CALL_DEADLINE_MILLIS = 7_000;

  /** The API's limit per SamplingTargets call. */
  static final int MAX_DOCUMENTS_PER_REQUEST = 25;

  /** The IAM actions the sampler's calls to X-Ray need. */
  static final String ACTIONS = "xray:GetSamplingRules and xray:GetSamplingTargets";

  private static final String CONTENT_TYPE = "Content-Type";
  private static final String JSON = "application/json";

  /** Protects against a proxy that hands out NextTokens forever. */
  private static final int MAX_PAGES = 100;

  private final URI endpoint;
  private final BoundedPost http;
  private final int callDeadlineMillis;
  private final RequestSigner signer;

  /**
   * @param signer signs every call (X-Ray's own API); {@code null} for the collector's awsproxy or
   *     the X-Ray daemon, which sign themselves
   */
  HttpSamplingApi(URI endpoint, BoundedPost http, int callDeadlineMillis, RequestSigner signer) {
    this.endpoint = endpoint;
    this.http = http;
    this.callDeadlineMillis = callDeadlineMillis;
    this.signer = signer;
  }

  /** The collector's awsproxy or the X-Ray daemon: next to us, never through a JVM proxy. */
  public static HttpSamplingApi toProxy(URI endpoint) {
    return new HttpSamplingApi(
        endpoint,
        new BoundedPost(CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS, true),
        CALL_DEADLINE_MILLIS,
        null);
  }

  /** X-Ray's own API, every call SigV4-signed by {@code signer}. */
  public static HttpSamplingApi toXRay(URI endpoint, RequestSigner signer) {
    return new HttpSamplingApi(
        endpoint,
        new BoundedPost(CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS, false),
        CALL_DEADLINE_MILLIS,
        signer);
  }

  @Override
  public void close() {
    http.close();
    if (signer != null) {
      signer.close();
    }
  }

  @Override
  public String endpoint() {
    return endpoint.toString();
  }

  @Override
  public SamplingApiJson.RulesPage getSamplingRules() throws SamplingApiException {
    List<SamplingRule> rules = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    String token = null;
    long deadline = deadline();
    for (int page = 0; page < MAX_PAGES; page++) {
      SamplingApiJson.RulesPage answer =
          SamplingApiJson.parseRules(
              post("/GetSamplingRules", SamplingApiJson.rulesRequest(token), deadline));
      rules.addAll(answer.rules);
      skipped.addAll(answer.skipped);
      if (rules.size() > RuleLimits.RULES) {
        throw new SamplingApiException(
            "GetSamplingRules answered with more than " + RuleLimits.RULES + " rules; ignored");
      }
      token = answer.nextToken;
      if (token == null) {
        return new SamplingApiJson.RulesPage(rules, skipped, null);
      }
    }
    throw new SamplingApiException(
        "GetSamplingRules kept answering with a NextToken after " + MAX_PAGES + " pages");
  }

  @Override
  public SamplingApiJson.Targets getSamplingTargets(
      List<RulesSnapshot.RuleCounts> counts, String clientId, long nowMillis)
      throws SamplingApiException {
    Map<String, RulesSnapshot.TargetGrant> grants = new HashMap<>();
    List<String> problems = new ArrayList<>();
    Long lastModification = null;
    long deadline = deadline();
    for (int from = 0; from < counts.size(); from += MAX_DOCUMENTS_PER_REQUEST) {
      List<RulesSnapshot.RuleCounts> batch =
          counts.subList(from, Math.min(counts.size(), from + MAX_DOCUMENTS_PER_REQUEST));
      SamplingApiJson.Targets answer =
          SamplingApiJson.parseTargets(
              post(
                  "/SamplingTargets",
                  SamplingApiJson.targetsRequest(batch, clientId, nowMillis),
                  deadline));
      grants.putAll(answer.grants);
      problems.addAll(answer.problems);
      if (answer.lastRuleModificationMillis != null
          && (lastModification == null || answer.lastRuleModificationMillis > lastModification)) {
        lastModification = answer.lastRuleModificationMillis;
      }
    }
    return new SamplingApiJson.Targets(grants, lastModification, problems);
  }

  /** The {@link System#nanoTime()} by which a call begun now must be done. */
  private long deadline() {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(callDeadlineMillis);
  }

  private String post(String path, String body, long deadline) throws SamplingApiException {
    try {
      // Signing may fetch credentials (container endpoint, STS): no spans of ours either.
      return InstrumentationSuppression.call(() -> signAndPost(path, body, deadline));
    } catch (SamplingApiException e) {
      throw e;
    } catch (Exception e) {
      throw new SamplingApiException(
          path.substring(1) + " failed: " + LogText.escape(e.toString()), e);
    }
  }

  private String signAndPost(String path, String body, long deadline) throws SamplingApiException {
    String call = path.substring(1);
    URI target = endpoint.resolve(path);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(CONTENT_TYPE, JSON);
    if (signer != null) {
      // X-Ray's own API takes the same paths and JSON as the proxy, SigV4-signed.
      try {
        headers.putAll(signer.sign("POST", target, headers, bytes));
      } catch (SigningException e) {
        throw new SamplingApiException(
            call + " to " + endpoint + " not signed: " + e.getMessage(), e);
      }
    }
    HttpAnswer answer;
    try {
      answer = http.post(target, headers, bytes, deadline, MAX_RESPONSE_BYTES);
    } catch (HttpCallException e) {
      throw failure(call, e);
    }
    if (answer.status() == 200) {
      return answer.text();
    }
    if (signer != null) {
      // X-Ray says why it refused (a signature, a permission, the clock): tell the user.
      throw new SamplingApiException(
          XRayRefusal.of(answer.status(), answer.text(), call, ACTIONS).message()
              + " ("
              + endpoint
              + ")");
    }
    throw new SamplingApiException(
        call + " answered HTTP " + answer.status() + " from " + endpoint);
  }

  private SamplingApiException failure(String call, HttpCallException e) {
    switch (e.reason()) {
      case TOO_SLOW:
        return new SamplingApiException(
            call
                + " to "
                + endpoint
                + " did not complete within "
                + callDeadlineMillis
                + " ms (the proxy answers too slowly); ignored");
      case TOO_LARGE:
        return new SamplingApiException(call + " " + e.getMessage() + "; ignored");
      default:
        return new SamplingApiException(call + " to " + endpoint + " " + e.getMessage(), e);
    }
  }
}
