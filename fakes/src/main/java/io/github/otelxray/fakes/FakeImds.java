/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Stands in for the EC2 instance metadata service (IMDS, 169.254.169.254), which must never be
 * reached from here.
 *
 * <p>{@link #start()}: a {@link CannedHttpServer} that answers 404 to everything, as a machine that
 * is not on EC2 would if it answered at all, and records each request ({@code METHOD path}) so a
 * test or a report can show who probed for metadata and how often. Point the agent's resource
 * detectors at it with {@code -Dotel.aws.imds.endpointOverride=}{@link
 * CannedHttpServer#hostAndPort()}.
 *
 * <p>{@link #withInstanceProfile}: an instance with an IAM role, speaking IMDSv2 only (as an
 * instance with {@code HttpTokens=required}): {@code PUT /latest/api/token} with the {@code
 * X-aws-ec2-metadata-token-ttl-seconds} header (1 to 21600) gives a session token; every {@code
 * GET} must carry it in {@code X-aws-ec2-metadata-token}, else 401. {@code
 * /latest/meta-data/iam/security-credentials/} names the role, {@code .../<role>} gives its
 * temporary credentials as EC2 does (Code, Type, AccessKeyId, SecretAccessKey, Token, Expiration).
 * Point the AWS SDK at it with {@code AWS_EC2_METADATA_SERVICE_ENDPOINT=}{@link #endpoint()}.
 */
public final class FakeImds implements AutoCloseable {

  public static final String CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
  private static final String TOKEN_PATH = "/latest/api/token";
  private static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
  private static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

  private final HttpServer server;
  private final String role;
  private final String accessKey;
  private final String secretKey;
  private final String sessionToken;
  private final List<String> tokens = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private FakeImds(
      HttpServer server, String role, String accessKey, String secretKey, String sessionToken) {
    this.server = server;
    this.role = role;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.sessionToken = sessionToken;
  }

  /** A loopback IMDS that knows no instance. */
  public static CannedHttpServer start() {
    return CannedHttpServer.start();
  }

  /** A loopback IMDSv2 of an instance whose profile has {@code role} with these credentials. */
  public static FakeImds withInstanceProfile(
      String role, String accessKey, String secretKey, String sessionToken) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeImds imds = new FakeImds(server, role, accessKey, secretKey, sessionToken);
      server.createContext("/", imds::handle);
      server.setExecutor(Executors.newSingleThreadExecutor(Daemons.named("fake-imds")));
      server.start();
      return imds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value for {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * For {@code otel.aws.imds.endpointOverride}: the agent's EC2 detector, if it runs, asks here.
   */
  public String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Every request, in order: {@code METHOD path}, then {@code (no token)} or {@code (bad token)}
   * when a GET came without the session token this fake gave out.
   */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (method.equals("PUT") && path.equals(TOKEN_PATH)) {
        requests.add(method + " " + path);
        giveToken(exchange);
        return;
      }
      String token = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
      boolean valid = token != null && tokens.contains(token);
      requests.add(
          method + " " + path + (token == null ? " (no token)" : valid ? "" : " (bad token)"));
      if (!method.equals("GET")) {
        exchange.sendResponseHeaders(405, -1);
      } else if (!valid) {
        exchange.sendResponseHeaders(401, -1);
      } else if (path.equals(CREDENTIALS_PATH)) {
        send(exchange, "text/plain", role);
      } else if (path.equals(CREDENTIALS_PATH + role)) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        send(
            exchange,
            "text/plain",
            "{\"Code\":\"Success\",\"LastUpdated\":\""
                + now
                + "\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\""
                + accessKey
                + "\",\"SecretAccessKey\":\""
                + secretKey
                + "\",\"Token\":\""
                + sessionToken
                + "\",\"Expiration\":\""
                + now.plus(6, ChronoUnit.HOURS)
                + "\"}");
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private void giveToken(HttpExchange exchange) throws IOException {
    String ttl = exchange.getRequestHeaders().getFirst(TTL_HEADER);
    int seconds;
    try {
      seconds = ttl == null ? 0 : Integer.parseInt(ttl.trim());
    } catch (NumberFormatException e) {
      seconds = 0;
    }
    if (seconds < 1 || seconds > 21600) {
      exchange.sendResponseHeaders(400, -1);
      return;
    }
    String token = "imds-session-" + UUID.randomUUID();
    tokens.add(token);
    exchange.getResponseHeaders().set(TTL_HEADER, String.valueOf(seconds));
    send(exchange, "text/plain", token);
  }

  private static void send(HttpExchange exchange, String type, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
