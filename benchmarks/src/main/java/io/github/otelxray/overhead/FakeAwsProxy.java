package io.github.otelxray.overhead;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stands in for the ADOT collector's {@code awsproxy} in front of X-Ray's sampling API (AWS is not
 * reachable, and the benchmark must sample every request so that every configuration traces the
 * same work). {@code POST /GetSamplingRules} answers with X-Ray's {@code Default} rule matching
 * everything at {@code FixedRate} 1.0 (100 % sampled); {@code POST /SamplingTargets} answers with
 * no target documents, so the rule's own rate stays in force. The JSON is a constant written here:
 * it is small and nothing is parsed. Requests are counted per path for the report.
 */
final class FakeAwsProxy implements AutoCloseable {

  private static final byte[] RULES =
      ("{\"SamplingRuleRecords\":[{\"CreatedAt\":0.0,\"ModifiedAt\":1700000000.0,"
              + "\"SamplingRule\":{\"RuleName\":\"Default\","
              + "\"RuleARN\":\"arn:aws:xray:eu-west-1:111122223333:sampling-rule/Default\","
              + "\"ResourceARN\":\"*\",\"Priority\":10000,\"FixedRate\":1.0,\"ReservoirSize\":1,"
              + "\"ServiceName\":\"*\",\"ServiceType\":\"*\",\"Host\":\"*\",\"HTTPMethod\":\"*\","
              + "\"URLPath\":\"*\",\"Version\":1,\"Attributes\":{}}}]}")
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] TARGETS =
      "{\"LastRuleModification\":1700000000.0,\"SamplingTargetDocuments\":[],\"UnprocessedStatistics\":[]}"
          .getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService executor;
  private final LongAdder rulesRequests = new LongAdder();
  private final LongAdder targetsRequests = new LongAdder();

  FakeAwsProxy() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    executor = Executors.newSingleThreadExecutor(Daemons.named("fake-awsproxy"));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  long rulesRequests() {
    return rulesRequests.sum();
  }

  long targetsRequests() {
    return targetsRequests.sum();
  }

  void reset() {
    rulesRequests.reset();
    targetsRequests.reset();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      String path = exchange.getRequestURI().getPath();
      byte[] answer;
      if (path.equals("/GetSamplingRules")) {
        rulesRequests.increment();
        answer = RULES;
      } else if (path.equals("/SamplingTargets")) {
        targetsRequests.increment();
        answer = TARGETS;
      } else {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
