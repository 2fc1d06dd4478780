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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * AWS STS's {@code AssumeRoleWithWebIdentity} on loopback (query protocol: a form POST in, XML
 * out), as EKS IRSA uses it: answers with temporary credentials only when the web identity token
 * and the role are the ones the service was given, else with STS's 400 error. The real STS cannot
 * be reached from here.
 */
public final class FakeSts implements AutoCloseable {

  private final HttpServer server;
  private final String token;
  private final String roleArn;
  private final String accessKey;
  private final String secretKey;
  private final String sessionToken;
  private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();

  private FakeSts(
      HttpServer server,
      String token,
      String roleArn,
      String accessKey,
      String secretKey,
      String sessionToken) {
    this.server = server;
    this.token = token;
    this.roleArn = roleArn;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.sessionToken = sessionToken;
  }

  public static FakeSts start(
      String token, String roleArn, String accessKey, String secretKey, String sessionToken) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeSts sts = new FakeSts(server, token, roleArn, accessKey, secretKey, sessionToken);
      server.createContext("/", sts::handle);
      server.setExecutor(Executors.newSingleThreadExecutor(Daemons.named("fake-sts")));
      server.start();
      return sts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value for {@code AWS_ENDPOINT_URL_STS}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The form parameters of every call. */
  public List<Map<String, String>> calls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> form = new LinkedHashMap<>();
      for (String pair : body.split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          form.put(
              URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
      calls.add(form);
      String xml;
      int status;
      if ("AssumeRoleWithWebIdentity".equals(form.get("Action"))
          && token.equals(form.get("WebIdentityToken"))
          && roleArn.equals(form.get("RoleArn"))) {
        status = 200;
        xml =
            "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<AssumeRoleWithWebIdentityResult><Credentials>"
                + "<AccessKeyId>"
                + accessKey
                + "</AccessKeyId>"
                + "<SecretAccessKey>"
                + secretKey
                + "</SecretAccessKey>"
                + "<SessionToken>"
                + sessionToken
                + "</SessionToken>"
                + "<Expiration>"
                + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                + "</Expiration></Credentials>"
                + "<SubjectFromWebIdentityToken>system:serviceaccount:shop:orders"
                + "</SubjectFromWebIdentityToken>"
                + "<AssumedRoleUser><Arn>"
                + roleArn
                + "/session</Arn>"
                + "<AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId></AssumedRoleUser>"
                + "</AssumeRoleWithWebIdentityResult>"
                + "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>"
                + "</ResponseMetadata></AssumeRoleWithWebIdentityResponse>";
      } else {
        status = 400;
        xml =
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                + "<Type>Sender</Type><Code>InvalidIdentityToken</Code>"
                + "<Message>the token or role is not the one this fake was given</Message>"
                + "</Error><RequestId>1</RequestId></ErrorResponse>";
      }
      byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
