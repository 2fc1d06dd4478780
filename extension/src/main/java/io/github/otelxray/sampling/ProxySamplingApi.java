package io.github.otelxray.sampling;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sampling API through the collector's {@code awsproxy} (or the X-Ray daemon), over the JDK's
 * own HTTP client: nothing to bundle, and present on every Java 8 runtime.
 *
 * <p>Every call is bounded: 2 s to connect, 5 s to read, 1 MiB of answer; a rules fetch follows at
 * most 100 pages and accepts at most {@link RuleLimits#RULES} rules. A hanging or flooding proxy
 * costs the poller thread at most that, and the application nothing.
 */
final class ProxySamplingApi implements SamplingApi {

  static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  static final int READ_TIMEOUT_MILLIS = 5_000;
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  /** The API's limit per SamplingTargets call. */
  static final int MAX_DOCUMENTS_PER_REQUEST = 25;

  /** Protects against a proxy that hands out NextTokens forever. */
  private static final int MAX_PAGES = 100;

  private final URI endpoint;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;

  ProxySamplingApi(URI endpoint) {
    this(endpoint, CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS);
  }

  ProxySamplingApi(URI endpoint, int connectTimeoutMillis, int readTimeoutMillis) {
    this.endpoint = endpoint;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.readTimeoutMillis = readTimeoutMillis;
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
    for (int page = 0; page < MAX_PAGES; page++) {
      SamplingApiJson.RulesPage answer =
          SamplingApiJson.parseRules(
              post("/GetSamplingRules", SamplingApiJson.rulesRequest(token)));
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
    for (int from = 0; from < counts.size(); from += MAX_DOCUMENTS_PER_REQUEST) {
      List<RulesSnapshot.RuleCounts> batch =
          counts.subList(from, Math.min(counts.size(), from + MAX_DOCUMENTS_PER_REQUEST));
      SamplingApiJson.Targets answer =
          SamplingApiJson.parseTargets(
              post("/SamplingTargets", SamplingApiJson.targetsRequest(batch, clientId, nowMillis)));
      grants.putAll(answer.grants);
      problems.addAll(answer.problems);
      if (answer.lastRuleModificationMillis != null
          && (lastModification == null || answer.lastRuleModificationMillis > lastModification)) {
        lastModification = answer.lastRuleModificationMillis;
      }
    }
    return new SamplingApiJson.Targets(grants, lastModification, problems);
  }

  private String post(String path, String body) throws SamplingApiException {
    try {
      return InstrumentationSuppression.call(() -> send(path, body));
    } catch (SamplingApiException e) {
      throw e;
    } catch (Exception e) {
      throw new SamplingApiException(path.substring(1) + " failed: " + e, e);
    }
  }

  private String send(String path, String body) throws SamplingApiException {
    String call = path.substring(1);
    HttpURLConnection connection = null;
    try {
      URL url = endpoint.resolve(path).toURL();
      // The proxy is next to us; never route it through an http.proxyHost the app configured.
      connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
      connection.setConnectTimeout(connectTimeoutMillis);
      connection.setReadTimeout(readTimeoutMillis);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setUseCaches(false);
      connection.setRequestProperty("Content-Type", "application/json");
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      connection.setFixedLengthStreamingMode(bytes.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(bytes);
      }
      int status = connection.getResponseCode();
      if (status != 200) {
        drain(connection.getErrorStream());
        throw new SamplingApiException(call + " answered HTTP " + status + " from " + endpoint);
      }
      try (InputStream in = connection.getInputStream()) {
        return readCapped(in, call);
      }
    } catch (SocketTimeoutException e) {
      throw new SamplingApiException(
          call + " to " + endpoint + " timed out (" + e.getMessage() + ")", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new SamplingApiException(call + " to " + endpoint + " failed: " + e, e);
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private static String readCapped(InputStream in, String call)
      throws IOException, SamplingApiException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) != -1) {
      if (out.size() + read > MAX_RESPONSE_BYTES) {
        throw new SamplingApiException(
            call + " answer is larger than " + MAX_RESPONSE_BYTES + " bytes; ignored");
      }
      out.write(buffer, 0, read);
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static void drain(InputStream in) {
    if (in == null) {
      return;
    }
    try (InputStream stream = in) {
      byte[] buffer = new byte[8192];
      int total = 0;
      while (total < MAX_RESPONSE_BYTES && stream.read(buffer) != -1) {
        total += buffer.length;
      }
    } catch (IOException e) {
      // only draining so the connection can be reused
    }
  }
}
