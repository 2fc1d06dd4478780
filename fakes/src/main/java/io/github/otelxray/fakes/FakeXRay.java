/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * X-Ray's own HTTPS front on loopback: the OTLP traces endpoint ({@code /v1/traces}) and the
 * sampling API ({@code /GetSamplingRules}, {@code /SamplingTargets}). Real X-Ray cannot run here.
 * Every request's SigV4 signature is checked by {@link SigV4Verifier} over the bytes as received; a
 * bad one is refused with 403 and AWS's error name, as X-Ray does. Signed requests are passed on
 * unchanged (body, content type and encoding) to the fakes that speak the payloads: {@link
 * FakeCollector} for OTLP, {@link FakeAwsProxy} for the sampling JSON.
 *
 * <p>The certificate is self-signed for {@code xray.us-east-1.amazonaws.com}, made with the JDK's
 * {@code keytool} into {@link #trustStore()}; the service JVM trusts that store and maps the host
 * name to 127.0.0.1 with {@code -Djdk.net.hosts.file}, so the product sees X-Ray's real name.
 */
public final class FakeXRay implements AutoCloseable {

  public static final String HOST = "xray.us-east-1.amazonaws.com";
  public static final String STORE_PASSWORD = "changeit";

  /** One request as it arrived, with the verifier's verdict ({@code null}: signature good). */
  /**
   * A request as it arrived: path, headers (names in lower case), what is wrong with its signature,
   * and when.
   */
  public record Request(
      String path, Map<String, String> headers, String problem, long receivedNanos) {}

  /**
   * An answer refusing one OTLP export: a status and, unless {@code null}, a {@code Retry-After}
   * header as X-Ray sends it when it throttles.
   */
  public record Refusal(int status, String retryAfter) {
    public static Refusal of(int status) {
      return new Refusal(status, null);
    }
  }

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final HttpsServer server;
  private final SigV4Verifier verifier;
  private final String collector;
  private final String proxy;
  private final Path trustStore;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int[] exportRefusals = new int[0];
  private final Queue<Refusal> nextRefusals = new ConcurrentLinkedQueue<>();
  private volatile int dripStatus;
  private volatile long dripMillisPerByte;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicInteger exportsRefused =
      new java.util.concurrent.atomic.AtomicInteger();

  private FakeXRay(
      HttpsServer server, SigV4Verifier verifier, String collector, String proxy, Path trustStore) {
    this.server = server;
    this.verifier = verifier;
    this.collector = collector;
    this.proxy = proxy;
    this.trustStore = trustStore;
  }

  public static FakeXRay start(
      Path dir, SigV4Verifier verifier, FakeCollector collector, FakeAwsProxy proxy) {
    try {
      Path keyStore = dir.resolve("xray-key.p12");
      Path trustStore = dir.resolve("xray-trust.p12");
      Path certificate = dir.resolve("xray.cer");
      keytool(
          "-genkeypair",
          "-alias",
          "xray",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=" + HOST,
          "-ext",
          "SAN=dns:" + HOST,
          "-validity",
          "2",
          "-storetype",
          "PKCS12",
          "-keystore",
          keyStore.toString(),
          "-storepass",
          STORE_PASSWORD,
          "-keypass",
          STORE_PASSWORD);
      keytool(
          "-exportcert",
          "-alias",
          "xray",
          "-keystore",
          keyStore.toString(),
          "-storepass",
          STORE_PASSWORD,
          "-file",
          certificate.toString());
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          "xray",
          "-file",
          certificate.toString(),
          "-storetype",
          "PKCS12",
          "-keystore",
          trustStore.toString(),
          "-storepass",
          STORE_PASSWORD);
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = java.nio.file.Files.newInputStream(keyStore)) {
        keys.load(in, STORE_PASSWORD.toCharArray());
      }
      KeyManagerFactory managers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(keys, STORE_PASSWORD.toCharArray());
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(managers.getKeyManagers(), null, null);
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      FakeXRay xray =
          new FakeXRay(server, verifier, collector.endpoint(), proxy.endpoint(), trustStore);
      server.createContext("/", xray::handle);
      server.setExecutor(Executors.newCachedThreadPool(Daemons.named("fake-xray")));
      server.start();
      return xray;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("keytool failed: " + output);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** X-Ray's base URL with its real host name and the fake's port. */
  public String endpoint() {
    return "https://" + HOST + ":" + port();
  }

  public Path trustStore() {
    return trustStore;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * Answers well-signed OTLP exports with these statuses in turn (403, 500, ...), each with a short
   * JSON body, as X-Ray does when it refuses; the sampling API is served as before.
   */
  public FakeXRay refuseExportsInTurn(int... statuses) {
    exportRefusals = statuses.clone();
    return this;
  }

  /**
   * Refuses the next well-signed OTLP exports with these answers, one export each, in order; the
   * exports after them are taken (or refused in turn, see {@link #refuseExportsInTurn}).
   */
  public FakeXRay refuseNextExports(Refusal... refusals) {
    nextRefusals.addAll(List.of(refusals));
    return this;
  }

  /**
   * Refuses well-signed sampling API calls with {@code status} and an 8 KiB body sent one byte per
   * {@code millisPerByte}: a peer (or a proxy on the way) that drips its error answer. The pace is
   * the behaviour under test; the fake stops dripping when it is closed.
   */
  public FakeXRay dripSamplingRefusals(int status, long millisPerByte) {
    dripMillisPerByte = millisPerByte;
    dripStatus = status;
    return this;
  }

  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) ->
                  headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      URI uri = exchange.getRequestURI();
      String problem =
          verifier.problem(
              exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body);
      requests.add(new Request(uri.getPath(), headers, problem, System.nanoTime()));
      if (problem != null) {
        byte[] refusal =
            ("{\"__type\":\"SignatureDoesNotMatch\",\"message\":\"The request signature we"
                    + " calculated does not match the signature you provided.\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(403, refusal.length);
        exchange.getResponseBody().write(refusal);
        return;
      }
      if (dripStatus != 0 && !uri.getPath().equals("/v1/traces")) {
        drip(exchange);
        return;
      }
      Refusal next = uri.getPath().equals("/v1/traces") ? nextRefusals.poll() : null;
      if (next != null) {
        refuse(exchange, next);
        return;
      }
      int[] refusals = exportRefusals;
      if (refusals.length > 0 && uri.getPath().equals("/v1/traces")) {
        refuse(exchange, Refusal.of(refusals[exportsRefused.getAndIncrement() % refusals.length]));
        return;
      }
      String upstream = uri.getPath().equals("/v1/traces") ? collector : proxy;
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(URI.create(upstream + uri.getRawPath()))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      for (String name : List.of("content-type", "content-encoding")) {
        if (headers.containsKey(name)) {
          forward.header(name, headers.get(name));
        }
      }
      HttpResponse<byte[]> answer;
      try {
        answer = CLIENT.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      answer
          .headers()
          .firstValue("content-type")
          .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
      byte[] bytes = answer.body();
      exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  private static void refuse(HttpExchange exchange, Refusal refusal) throws IOException {
    byte[] body =
        ("{\"message\":\"refused with " + refusal.status() + " by the fake\"}")
            .getBytes(StandardCharsets.UTF_8);
    if (refusal.retryAfter() != null) {
      exchange.getResponseHeaders().set("Retry-After", refusal.retryAfter());
    }
    exchange.sendResponseHeaders(refusal.status(), body.length);
    exchange.getResponseBody().write(body);
  }

  private void drip(HttpExchange exchange) throws IOException {
    int length = 8 * 1024;
    exchange.sendResponseHeaders(dripStatus, length);
    java.io.OutputStream out = exchange.getResponseBody();
    for (int i = 0; i < length && !closed; i++) {
      try {
        Thread.sleep(dripMillisPerByte);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      out.write('x');
      out.flush();
    }
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
  }
}
