package io.github.otelxray.sampling;

import io.github.otelxray.sigv4.RequestSigner;
import io.github.otelxray.sigv4.SigningException;
import io.github.otelxray.sigv4.XRayRefusal;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sampling API through the collector's {@code awsproxy} (or the X-Ray daemon), over the JDK's
 * own HTTP client: nothing to bundle, and present on every Java 8 runtime.
 *
 * <p>Every call is bounded: 2 s to connect, 5 s to wait for the next bytes, 1 MiB of answer, and
 * {@value #CALL_DEADLINE_MILLIS} ms for the whole call, every page or batch of it included; a rules
 * fetch follows at most 100 pages and accepts at most {@link RuleLimits#RULES} rules. A hanging,
 * dripping or flooding proxy costs the poller thread at most that, and the application nothing.
 */
final class ProxySamplingApi implements SamplingApi {

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
  private static final int MAX_ERROR_BYTES = 8 * 1024;

  /** Protects against a proxy that hands out NextTokens forever. */
  private static final int MAX_PAGES = 100;

  private final URI endpoint;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final int callDeadlineMillis;
  private final RequestSigner signer;

  ProxySamplingApi(URI endpoint) {
    this(endpoint, CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS, CALL_DEADLINE_MILLIS);
  }

  /** X-Ray's own API, every call SigV4-signed by {@code signer}. */
  ProxySamplingApi(URI endpoint, RequestSigner signer) {
    this(endpoint, CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS, CALL_DEADLINE_MILLIS, signer);
  }

  ProxySamplingApi(URI endpoint, int connectTimeoutMillis, int readTimeoutMillis) {
    this(endpoint, connectTimeoutMillis, readTimeoutMillis, CALL_DEADLINE_MILLIS);
  }

  ProxySamplingApi(
      URI endpoint, int connectTimeoutMillis, int readTimeoutMillis, int callDeadlineMillis) {
    this(endpoint, connectTimeoutMillis, readTimeoutMillis, callDeadlineMillis, null);
  }

  ProxySamplingApi(
      URI endpoint,
      int connectTimeoutMillis,
      int readTimeoutMillis,
      int callDeadlineMillis,
      RequestSigner signer) {
    this.endpoint = endpoint;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.readTimeoutMillis = readTimeoutMillis;
    this.callDeadlineMillis = callDeadlineMillis;
    this.signer = signer;
  }

  @Override
  public void close() {
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
      return InstrumentationSuppression.call(() -> send(path, body, deadline));
    } catch (SamplingApiException e) {
      throw e;
    } catch (Exception e) {
      throw new SamplingApiException(path.substring(1) + " failed: " + e, e);
    }
  }

  private String send(String path, String body, long deadline) throws SamplingApiException {
    String call = path.substring(1);
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (remaining <= 0) {
      throw tooSlow(call);
    }
    HttpURLConnection connection = null;
    CallDeadline alarm = null;
    try {
      URI target = endpoint.resolve(path);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      Map<String, String> signature = Collections.emptyMap();
      if (signer != null) {
        // X-Ray's own API takes the same paths and JSON as the proxy, SigV4-signed.
        try {
          signature =
              signer.sign("POST", target, Collections.singletonMap(CONTENT_TYPE, JSON), bytes);
        } catch (SigningException e) {
          throw new SamplingApiException(
              call + " to " + endpoint + " not signed: " + e.getMessage());
        }
      }
      URL url = target.toURL();
      // The proxy is next to us; never route it through an http.proxyHost the app configured.
      // X-Ray itself is remote: the JVM's proxy settings apply, as for any AWS SDK call.
      connection =
          (HttpURLConnection)
              (signer == null ? url.openConnection(Proxy.NO_PROXY) : url.openConnection());
      connection.setConnectTimeout((int) Math.max(1, Math.min(connectTimeoutMillis, remaining)));
      connection.setReadTimeout((int) Math.max(1, Math.min(readTimeoutMillis, remaining)));
      alarm = CallDeadline.arm(connection, remaining);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setUseCaches(false);
      connection.setRequestProperty(CONTENT_TYPE, JSON);
      signature.forEach(connection::setRequestProperty);
      connection.setFixedLengthStreamingMode(bytes.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(bytes);
      }
      int status = connection.getResponseCode();
      alarm.readingBody();
      if (status != 200) {
        if (signer != null) {
          // X-Ray says why it refused (a signature, a permission, the clock): tell the user.
          throw new SamplingApiException(
              XRayRefusal.of(status, readError(connection.getErrorStream()), call, ACTIONS)
                      .message()
                  + " ("
                  + endpoint
                  + ")");
        }
        drain(connection.getErrorStream());
        throw new SamplingApiException(call + " answered HTTP " + status + " from " + endpoint);
      }
      try (InputStream in = connection.getInputStream()) {
        return readCapped(in, call, alarm, deadline);
      }
    } catch (SocketTimeoutException e) {
      if (alarm.expired()) {
        throw tooSlow(call);
      }
      throw new SamplingApiException(
          call + " to " + endpoint + " timed out (" + e.getMessage() + ")", e);
    } catch (IOException | IllegalArgumentException e) {
      if (alarm != null && alarm.expired()) {
        throw tooSlow(call);
      }
      throw new SamplingApiException(call + " to " + endpoint + " failed: " + e, e);
    } finally {
      if (alarm != null) {
        alarm.close();
      }
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private SamplingApiException tooSlow(String call) {
    return new SamplingApiException(
        call
            + " to "
            + endpoint
            + " did not complete within "
            + callDeadlineMillis
            + " ms (the proxy answers too slowly); ignored");
  }

  private String readCapped(InputStream in, String call, CallDeadline alarm, long deadline)
      throws IOException, SamplingApiException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) != -1) {
      // The clock too, not only the alarm: once the body is being read, disconnect() may hand the
      // socket to the JDK's keep-alive cleaner instead of closing it, and a proxy that drips its
      // answer then keeps this read loop going. Each byte that arrives brings us back here.
      if (alarm.expired() || System.nanoTime() - deadline >= 0) {
        // Bytes read before the cut are not the whole answer.
        throw tooSlow(call);
      }
      if (out.size() + read > MAX_RESPONSE_BYTES) {
        throw new SamplingApiException(
            call + " answer is larger than " + MAX_RESPONSE_BYTES + " bytes; ignored");
      }
      out.write(buffer, 0, read);
    }
    if (alarm.expired()) {
      throw tooSlow(call); // a cut connection may read as the end of the answer
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  /** The start of an error answer, enough to tell its cause. */
  private static String readError(InputStream in) {
    if (in == null) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream stream = in) {
      byte[] buffer = new byte[1024];
      int read;
      while (out.size() < MAX_ERROR_BYTES && (read = stream.read(buffer)) != -1) {
        out.write(buffer, 0, Math.min(read, MAX_ERROR_BYTES - out.size()));
      }
    } catch (IOException e) {
      // what arrived is enough, or there is nothing to tell
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
