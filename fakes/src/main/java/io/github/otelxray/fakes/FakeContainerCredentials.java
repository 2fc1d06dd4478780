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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The container credentials endpoint (ECS task role, EKS Pod Identity) on loopback, as {@code
 * AWS_CONTAINER_CREDENTIALS_FULL_URI} names it: answers the credentials JSON only to a request
 * whose {@code Authorization} header is the token the service was given, 401 to any other. The real
 * endpoint exists only inside ECS and EKS.
 *
 * <p>{@link #start}: the ECS form, the token given in {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}.
 * {@link #startPodIdentity}: the EKS Pod Identity Agent's form, {@code GET /v1/credentials} (the
 * agent listens on 169.254.170.23, here on loopback, which the AWS SDK also accepts over http), the
 * token being the pod's projected service account token, which the SDK reads from the file named by
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE} at each fetch; the answer carries the {@code
 * AccountId} too.
 */
public final class FakeContainerCredentials implements AutoCloseable {

  public static final String PATH = "/v2/credentials/task-role";
  public static final String POD_IDENTITY_PATH = "/v1/credentials";

  private final HttpServer server;
  private final String path;
  private final String accountId; // the Pod Identity Agent's answers name the account
  private final String token;
  private final String accessKey;
  private final String secretKey;
  private final String sessionToken;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  private FakeContainerCredentials(
      HttpServer server,
      String path,
      String accountId,
      String token,
      String accessKey,
      String secretKey,
      String sessionToken) {
    this.server = server;
    this.path = path;
    this.accountId = accountId;
    this.token = token;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.sessionToken = sessionToken;
  }

  public static FakeContainerCredentials start(
      String token, String accessKey, String secretKey, String sessionToken) {
    return start(PATH, null, token, accessKey, secretKey, sessionToken);
  }

  /** The EKS Pod Identity Agent, answering to {@code serviceAccountToken}. */
  public static FakeContainerCredentials startPodIdentity(
      String serviceAccountToken,
      String accountId,
      String accessKey,
      String secretKey,
      String sessionToken) {
    return start(
        POD_IDENTITY_PATH, accountId, serviceAccountToken, accessKey, secretKey, sessionToken);
  }

  private static FakeContainerCredentials start(
      String path,
      String accountId,
      String token,
      String accessKey,
      String secretKey,
      String sessionToken) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeContainerCredentials fake =
          new FakeContainerCredentials(
              server, path, accountId, token, accessKey, secretKey, sessionToken);
      server.createContext("/", fake::handle);
      server.setExecutor(Executors.newSingleThreadExecutor(Daemons.named("fake-creds")));
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value for {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
  public String fullUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The {@code Authorization} header of every request, one per request (absent: "none"). */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(authorization == null ? "none" : authorization);
      if (!token.equals(authorization) || !exchange.getRequestURI().getPath().equals(path)) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String json =
          "{\"AccessKeyId\":\""
              + accessKey
              + "\",\"SecretAccessKey\":\""
              + secretKey
              + "\",\"Token\":\""
              + sessionToken
              + (accountId == null ? "" : "\",\"AccountId\":\"" + accountId)
              + "\",\"Expiration\":\""
              + Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
              + "\"}";
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
