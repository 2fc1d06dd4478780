/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sampling.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.otelxray.http.BoundedPost;
import io.github.otelxray.sampling.rules.RuleStatistics;
import io.github.otelxray.sampling.rules.RulesSnapshot;
import io.github.otelxray.sampling.rules.SamplingRule;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSamplingApiTest {

  private static final String CLIENT_ID = "0123456789abcdef01234567";
  private static final long NOW = 1_700_000_000_000L;

  /** What a handler answers: status and body. */
  private interface Answer {
    Reply to(String path, String requestBody) throws Exception;
  }

  private static final class Reply {
    final int status;
    final byte[] body;

    Reply(int status, String body) {
      this(status, body.getBytes(StandardCharsets.UTF_8));
    }

    Reply(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }
  }

  /** One request the fake proxy received. */
  private static final class Request {
    final String method;
    final String path;
    final String contentType;
    final String body;
    String authorization;

    Request(String method, String path, String contentType, String body) {
      this.method = method;
      this.path = path;
      this.contentType = contentType;
      this.body = body;
    }
  }

  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch release = new CountDownLatch(1);
  private ExecutorService handlers;
  private HttpServer server;
  private volatile Answer answer;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // Handlers off the dispatcher thread, so a hanging one cannot block stop().
    handlers = Executors.newCachedThreadPool();
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      Request request =
          new Request(
              exchange.getRequestMethod(),
              path,
              exchange.getRequestHeaders().getFirst("Content-Type"),
              body);
      request.authorization = exchange.getRequestHeaders().getFirst("Authorization");
      requests.add(request);
      Reply reply;
      try {
        reply = answer.to(path, body);
      } catch (Exception e) {
        reply = new Reply(599, e.toString());
      }
      exchange.sendResponseHeaders(reply.status, reply.body.length == 0 ? -1 : reply.body.length);
      if (reply.body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body);
        }
      }
    } catch (IOException e) {
      // The client gave up (timeout, size cap): nothing to answer.
    }
  }

  private HttpSamplingApi api() {
    return api(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        1_000,
        2_000,
        HttpSamplingApi.CALL_DEADLINE_MILLIS);
  }

  private static String rule(String name, int priority) {
    return "{\"SamplingRule\": {\"RuleName\": \""
        + name
        + "\", \"ResourceARN\": \"*\","
        + " \"Priority\": "
        + priority
        + ", \"FixedRate\": 0.1, \"ReservoirSize\": 1,"
        + " \"ServiceName\": \"*\", \"ServiceType\": \"*\", \"Host\": \"*\", \"HTTPMethod\": \"*\","
        + " \"URLPath\": \"*\", \"Version\": 1, \"Attributes\": {}}}";
  }

  private static HttpSamplingApi api(
      URI endpoint, int connectTimeoutMillis, int readTimeoutMillis, int callDeadlineMillis) {
    return new HttpSamplingApi(
        endpoint,
        new BoundedPost(connectTimeoutMillis, readTimeoutMillis, true),
        callDeadlineMillis,
        null);
  }

  private static List<RulesSnapshot.RuleCounts> counts(int rules) {
    List<RulesSnapshot.RuleCounts> counts = new ArrayList<>();
    for (int i = 0; i < rules; i++) {
      counts.add(
          new RulesSnapshot.RuleCounts(
              "rule-" + i, "orders", new RuleStatistics.Counts(i + 1, 1, 0)));
    }
    return counts;
  }

  /** Signs by recording what it was given; fails like a missing credential chain when told. */
  private static final class RecordingSigner implements io.github.otelxray.sigv4.RequestSigner {
    final List<String> signed = Collections.synchronizedList(new ArrayList<>());
    volatile boolean noCredentials;
    volatile boolean reported; // the failure is the shared chain's, which has warned
    volatile boolean closed;

    @Override
    public java.util.Map<String, String> sign(
        String method, URI uri, java.util.Map<String, String> headers, byte[] body)
        throws io.github.otelxray.sigv4.SigningException {
      if (noCredentials) {
        throw new io.github.otelxray.sigv4.SigningException("no AWS credentials found", reported);
      }
      signed.add(
          method + " " + uri + " " + headers + " " + new String(body, StandardCharsets.UTF_8));
      return Collections.singletonMap("Authorization", "AWS4-HMAC-SHA256 signed-" + signed.size());
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private HttpSamplingApi signedApi(RecordingSigner signer) {
    return new HttpSamplingApi(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        new BoundedPost(1_000, 2_000, true),
        HttpSamplingApi.CALL_DEADLINE_MILLIS,
        signer);
  }

  @Test
  void signsEachCallToXRayOverTheBytesItSends() throws Exception {
    answer =
        (path, body) ->
            new Reply(200, "{\"SamplingRuleRecords\": [" + rule("Default", 10000) + "]}");
    RecordingSigner signer = new RecordingSigner();

    signedApi(signer).getSamplingRules();

    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    assertThat(signer.signed)
        .containsExactly(
            "POST "
                + base
                + "/GetSamplingRules {Content-Type=application/json} "
                + requests.get(0).body);
    assertThat(requests.get(0).authorization).isEqualTo("AWS4-HMAC-SHA256 signed-1");
  }

  @Test
  void saysWhichPermissionXRayRefusedAndWhatToAllow() {
    answer =
        (path, body) ->
            new Reply(
                403,
                "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to"
                    + " perform: xray:GetSamplingRules\"}");

    assertThatThrownBy(() -> signedApi(new RecordingSigner()).getSamplingRules())
        .isInstanceOf(SamplingApiException.class)
        .hasMessageStartingWith("GetSamplingRules refused with HTTP 403")
        .hasMessageContaining("Allow xray:GetSamplingRules and xray:GetSamplingTargets");
  }

  @Test
  void sendsNothingUnsignedWhenThereAreNoCredentials() {
    RecordingSigner signer = new RecordingSigner();
    signer.noCredentials = true;

    assertThatThrownBy(() -> signedApi(signer).getSamplingRules())
        .isInstanceOfSatisfying(
            SamplingApiException.class, e -> assertThat(e.reportedElsewhere()).isFalse())
        .hasMessageContaining("not signed: no AWS credentials found");
    assertThat(requests).isEmpty();
  }

  @Test
  void saysWhenTheSharedCredentialChainHasReportedTheFailure() {
    RecordingSigner signer = new RecordingSigner();
    signer.noCredentials = true;
    signer.reported = true;

    assertThatThrownBy(() -> signedApi(signer).getSamplingRules())
        .isInstanceOfSatisfying(
            SamplingApiException.class, e -> assertThat(e.reportedElsewhere()).isTrue());
    assertThat(requests).isEmpty();
  }

  @Test
  void closesTheSignerWithTheClient() {
    RecordingSigner signer = new RecordingSigner();

    signedApi(signer).close();

    assertThat(signer.closed).isTrue();
  }

  @Test
  void postsJsonToGetSamplingRules() throws Exception {
    answer =
        (path, body) ->
            new Reply(200, "{\"SamplingRuleRecords\": [" + rule("Default", 10000) + "]}");

    SamplingApiJson.RulesPage page = api().getSamplingRules();

    assertThat(page.rules).extracting(SamplingRule::ruleName).containsExactly("Default");
    assertThat(requests)
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.method).isEqualTo("POST");
              assertThat(request.path).isEqualTo("/GetSamplingRules");
              assertThat(request.contentType).isEqualTo("application/json");
              assertThat(JSON.std.mapFrom(request.body)).isEmpty();
            });
  }

  @Test
  void followsNextTokenAcrossPages() throws Exception {
    answer =
        (path, body) -> {
          Object token = JSON.std.mapFrom(body).get("NextToken");
          if (token == null) {
            return new Reply(
                200, "{\"SamplingRuleRecords\": [" + rule("a", 1) + "], \"NextToken\": \"t2\"}");
          }
          if (token.equals("t2")) {
            return new Reply(
                200, "{\"SamplingRuleRecords\": [" + rule("b", 2) + "], \"NextToken\": \"t3\"}");
          }
          return new Reply(200, "{\"SamplingRuleRecords\": [" + rule("Default", 10000) + "]}");
        };

    SamplingApiJson.RulesPage page = api().getSamplingRules();

    assertThat(page.rules).extracting(SamplingRule::ruleName).containsExactly("a", "b", "Default");
    assertThat(page.nextToken).isNull();
    assertThat(requests)
        .extracting(r -> JSON.std.mapFrom(r.body).get("NextToken"))
        .containsExactly(null, "t2", "t3");
  }

  @Test
  void gathersSkippedRulesOfEveryPage() throws Exception {
    answer =
        (path, body) ->
            JSON.std.mapFrom(body).get("NextToken") == null
                ? new Reply(200, "{\"SamplingRuleRecords\": [7], \"NextToken\": \"t2\"}")
                : new Reply(200, "{\"SamplingRuleRecords\": [" + rule("Default", 10000) + ", 8]}");

    SamplingApiJson.RulesPage page = api().getSamplingRules();

    assertThat(page.rules).hasSize(1);
    assertThat(page.skipped).hasSize(2);
  }

  @Test
  void givesUpOnAProxyThatNeverStopsPaging() {
    answer =
        (path, body) -> new Reply(200, "{\"SamplingRuleRecords\": [], \"NextToken\": \"again\"}");

    assertThatThrownBy(() -> api().getSamplingRules())
        .isInstanceOf(SamplingApiException.class)
        .hasMessageContaining("NextToken");
  }

  @Test
  void acceptsAThousandRulesAcrossPages() throws Exception {
    answer = (path, body) -> pageOfRules(JSON.std.mapFrom(body).get("NextToken"), 10, 100);

    assertThat(api().getSamplingRules().rules).hasSize(1_000);
  }

  @Test
  void refusesMoreThanAThousandRulesSoNoRequestWalksAnEndlessList() {
    answer = (path, body) -> pageOfRules(JSON.std.mapFrom(body).get("NextToken"), 11, 100);

    assertThatThrownBy(() -> api().getSamplingRules())
        .isInstanceOf(SamplingApiException.class)
        .hasMessage("GetSamplingRules answered with more than 1000 rules; ignored");
  }

  /** Page {@code token} (null: the first) of {@code pages}, each of {@code perPage} rules. */
  private static Reply pageOfRules(Object token, int pages, int perPage) {
    int page = token == null ? 0 : Integer.parseInt((String) token);
    List<String> records = new ArrayList<>();
    for (int i = 0; i < perPage; i++) {
      records.add(rule("r" + page + "-" + i, 1 + page * perPage + i));
    }
    String next = page + 1 < pages ? ", \"NextToken\": \"" + (page + 1) + "\"" : "";
    return new Reply(
        200, "{\"SamplingRuleRecords\": [" + String.join(",", records) + "]" + next + "}");
  }

  @Test
  void failsNamingTheStatusOfAnErrorAnswer() {
    answer = (path, body) -> new Reply(500, "{\"message\": \"internal\"}");

    assertThatThrownBy(() -> api().getSamplingRules())
        .isInstanceOf(SamplingApiException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void failsNamingTheStatusOfAForbiddenTargetsCall() {
    answer = (path, body) -> new Reply(403, "");

    assertThatThrownBy(() -> api().getSamplingTargets(counts(1), CLIENT_ID, NOW))
        .isInstanceOf(SamplingApiException.class)
        .hasMessageContaining("SamplingTargets")
        .hasMessageContaining("HTTP 403");
  }

  @Test
  void failsOnAGarbageBody() {
    answer = (path, body) -> new Reply(200, "<html>proxy error</html>");

    assertThatThrownBy(() -> api().getSamplingRules())
        .isInstanceOf(SamplingApiException.class)
        .hasMessageContaining("GetSamplingRules");
  }

  @Test
  void refusesAnAnswerOverOneMebibyte() {
    byte[] huge = new byte[HttpSamplingApi.MAX_RESPONSE_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    huge[huge.length - 1] = '}';
    answer = (path, body) -> new Reply(200, huge);

    assertThatThrownBy(() -> api().getSamplingRules())
        .isInstanceOf(SamplingApiException.class)
        .hasMessageContaining("larger than");
  }

  @Test
  void acceptsAnAnswerOfExactlyOneMebibyte() throws Exception {
    String records = "{\"SamplingRuleRecords\": [" + rule("Default", 10000) + "]";
    byte[] exact = new byte[HttpSamplingApi.MAX_RESPONSE_BYTES];
    Arrays.fill(exact, (byte) ' ');
    byte[] prefix = records.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(prefix, 0, exact, 0, prefix.length);
    exact[exact.length - 1] = '}';
    answer = (path, body) -> new Reply(200, exact);

    assertThat(api().getSamplingRules().rules).hasSize(1);
  }

  @Test
  void failsWhenTheProxyHangsPastTheReadTimeout() {
    answer =
        (path, body) -> {
          release.await();
          return new Reply(200, "{\"SamplingRuleRecords\": []}");
        };
    HttpSamplingApi api =
        api(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            1_000,
            300,
            HttpSamplingApi.CALL_DEADLINE_MILLIS);

    assertThatThrownBy(api::getSamplingRules)
        .isInstanceOf(SamplingApiException.class)
        .hasMessageContaining("timed out");
  }

  @Test
  void givesUpOnAnAnswerDrippedSlowerThanTheCallDeadline() throws Exception {
    // Every byte arrives well within the read timeout; only the deadline of the call ends it.
    String body = "{\"SamplingRuleRecords\": [" + rule("Default", 10000) + "]}";
    try (DrippingProxy proxy = new DrippingProxy(okResponse(body), false)) {
      HttpSamplingApi api = api(proxy.endpoint(), 1_000, 2_000, 500);

      assertThatThrownBy(api::getSamplingRules)
          .isInstanceOf(SamplingApiException.class)
          .hasMessage(
              "GetSamplingRules to "
                  + proxy.endpoint()
                  + " did not complete within 500 ms (the proxy answers too slowly); ignored");
    }
  }

  @Test
  void givesUpOnAStatusLineDrippedSlowerThanTheCallDeadline() throws Exception {
    String body = "{\"SamplingTargetDocuments\": []}";
    try (DrippingProxy proxy = new DrippingProxy(okResponse(body), true)) {
      HttpSamplingApi api = api(proxy.endpoint(), 1_000, 2_000, 500);

      assertThatThrownBy(() -> api.getSamplingTargets(counts(1), CLIENT_ID, NOW))
          .isInstanceOf(SamplingApiException.class)
          .hasMessageContaining("SamplingTargets to ")
          .hasMessageContaining("did not complete within 500 ms");
    }
  }

  private static byte[] okResponse(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length
            + "\r\nConnection: close\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A proxy that sends {@code response} a byte every 50 ms, from its status line ({@code
   * fromStatusLine}) or from its body on; the pace is the proxy's behaviour under test.
   */
  private static final class DrippingProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    DrippingProxy(byte[] response, boolean fromStatusLine) throws IOException {
      socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      String text = new String(response, StandardCharsets.UTF_8);
      int slowFrom = fromStatusLine ? 0 : text.indexOf("\r\n\r\n") + 4;
      thread =
          new Thread(
              () -> {
                try (java.net.Socket client = socket.accept()) {
                  java.io.InputStream in = client.getInputStream();
                  // The request: headers, then a body of Content-Length bytes; read what came.
                  byte[] request = new byte[65536];
                  in.read(request);
                  OutputStream out = client.getOutputStream();
                  out.write(response, 0, slowFrom);
                  out.flush();
                  for (int i = slowFrom; i < response.length; i++) {
                    Thread.sleep(50);
                    out.write(response[i]);
                    out.flush();
                  }
                } catch (IOException | InterruptedException e) {
                  // The client hung up, or the test ended.
                }
              },
              "dripping-proxy");
      thread.setDaemon(true);
      thread.start();
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      thread.interrupt();
      socket.close();
    }
  }

  @Test
  void failsWhenNothingListens() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }

    assertThatThrownBy(
            () ->
                api(
                        URI.create("http://127.0.0.1:" + port),
                        1_000,
                        1_000,
                        HttpSamplingApi.CALL_DEADLINE_MILLIS)
                    .getSamplingRules())
        .isInstanceOf(SamplingApiException.class)
        .hasMessageContaining("GetSamplingRules");
  }

  @Test
  void postsStatisticsAsJsonToSamplingTargets() throws Exception {
    answer =
        (path, body) ->
            new Reply(
                200,
                "{\"SamplingTargetDocuments\": [{\"RuleName\": \"rule-0\", \"FixedRate\": 0.5,"
                    + " \"ReservoirQuota\": 3, \"ReservoirQuotaTTL\": 1700000060, \"Interval\": 10}],"
                    + " \"LastRuleModification\": 1699990000}");

    SamplingApiJson.Targets targets = api().getSamplingTargets(counts(1), CLIENT_ID, NOW);

    assertThat(targets.grants.get("rule-0").reservoirQuota).isEqualTo(3);
    assertThat(targets.lastRuleModificationMillis).isEqualTo(1_699_990_000_000L);
    assertThat(requests)
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.method).isEqualTo("POST");
              assertThat(request.path).isEqualTo("/SamplingTargets");
              assertThat(request.contentType).isEqualTo("application/json");
              List<?> documents =
                  (List<?>) JSON.std.mapFrom(request.body).get("SamplingStatisticsDocuments");
              Map<?, ?> document = (Map<?, ?>) documents.get(0);
              assertThat(document.get("RuleName")).isEqualTo("rule-0");
              assertThat(document.get("ClientID")).isEqualTo(CLIENT_ID);
              assertThat(((Number) document.get("Timestamp")).longValue()).isEqualTo(NOW / 1000);
            });
  }

  @Test
  void batchesStatisticsIntoRequestsOfAtMostTwentyFiveDocuments() throws Exception {
    answer =
        (path, body) -> {
          List<?> documents = (List<?>) JSON.std.mapFrom(body).get("SamplingStatisticsDocuments");
          StringBuilder targets = new StringBuilder();
          for (Object document : documents) {
            if (targets.length() > 0) {
              targets.append(',');
            }
            targets
                .append("{\"RuleName\": \"")
                .append(((Map<?, ?>) document).get("RuleName"))
                .append("\", \"FixedRate\": 0.1}");
          }
          // Each batch answers with its own modification time; the newest must win.
          long modified = 1_699_990_000L + documents.size();
          return new Reply(
              200,
              "{\"SamplingTargetDocuments\": ["
                  + targets
                  + "], \"LastRuleModification\": "
                  + modified
                  + "}");
        };

    SamplingApiJson.Targets targets = api().getSamplingTargets(counts(60), CLIENT_ID, NOW);

    assertThat(requests)
        .extracting(
            r -> ((List<?>) JSON.std.mapFrom(r.body).get("SamplingStatisticsDocuments")).size())
        .containsExactly(25, 25, 10);
    assertThat(targets.grants).hasSize(60);
    assertThat(targets.lastRuleModificationMillis).isEqualTo((1_699_990_000L + 25) * 1000);
  }

  @Test
  void gathersProblemsOfEveryBatch() throws Exception {
    answer =
        (path, body) ->
            new Reply(
                200,
                "{\"SamplingTargetDocuments\": [], \"UnprocessedStatistics\": [{\"RuleName\": \"x\","
                    + " \"ErrorCode\": \"400\", \"Message\": \"bad\"}]}");

    SamplingApiJson.Targets targets = api().getSamplingTargets(counts(30), CLIENT_ID, NOW);

    assertThat(targets.problems).hasSize(2);
  }

  @Test
  void namesItsEndpoint() {
    assertThat(HttpSamplingApi.toProxy(URI.create("http://127.0.0.1:2000")).endpoint())
        .isEqualTo("http://127.0.0.1:2000");
  }
}
