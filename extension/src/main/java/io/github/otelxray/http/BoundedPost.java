/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP POST to a peer outside the process, bounded in every way the peer could stretch it. The
 * sampling API client and the signed OTLP exporter both send through it; internal, public only for
 * them.
 *
 * <p>The bounds: the connect and read timeouts, a deadline for the whole call (see {@link
 * CallDeadline}: until the status line is in, the connection is cut at the deadline; while a body
 * is read, the clock is checked after every read, so a peer dripping a byte at a time holds the
 * caller at most one read timeout past the deadline), a cap on the body read, and no redirect
 * followed (a redirect would carry a signed request somewhere else). The call runs with the agent's
 * instrumentation suppressed, so it makes no span and carries no trace header.
 *
 * <p>Failures come back as {@link HttpCallException}s whose messages are safe to log: text from the
 * peer or the JDK is escaped, and header values (signatures, session tokens) are never quoted.
 */
public final class BoundedPost implements AutoCloseable {

  /** How much of an error answer is read: enough to tell its cause. */
  public static final int MAX_ERROR_BYTES = 8 * 1024;

  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final boolean direct;
  private final DeadlineTimer timer = new DeadlineTimer();

  /**
   * @param direct {@code true} for a peer next to us (the collector's awsproxy), which must never
   *     be reached through an {@code http.proxyHost} the application configured; {@code false} for
   *     AWS endpoints, where the JVM's proxy settings apply as for any AWS SDK call
   */
  public BoundedPost(int connectTimeoutMillis, int readTimeoutMillis, boolean direct) {
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.readTimeoutMillis = readTimeoutMillis;
    this.direct = direct;
  }

  /**
   * Sends {@code body} with exactly {@code headers} (the JDK adds {@code Host}, {@code
   * Content-Length} and its own) and returns the answer: its status and, for a 2xx answer, its body
   * up to {@code maxBodyBytes} ({@code 0}: the body is not read); for any other status at most
   * {@link #MAX_ERROR_BYTES} of it, whatever arrived by the deadline, and its {@code Retry-After}.
   *
   * @param deadlineNanos the {@link System#nanoTime()} by which the call must be done
   * @throws HttpCallException when no complete answer arrived in time, the answer is larger than
   *     {@code maxBodyBytes}, a header cannot be sent, or the connection failed
   */
  public HttpAnswer post(
      URI target, Map<String, String> headers, byte[] body, long deadlineNanos, int maxBodyBytes)
      throws HttpCallException {
    try {
      return InstrumentationSuppression.call(
          () -> send(target, headers, body, deadlineNanos, maxBodyBytes));
    } catch (HttpCallException e) {
      throw e;
    } catch (Exception e) {
      throw HttpCallException.failed(e);
    }
  }

  private HttpAnswer send(
      URI target, Map<String, String> headers, byte[] body, long deadline, int maxBodyBytes)
      throws HttpCallException {
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (remaining <= 0) {
      throw HttpCallException.tooSlow();
    }
    RequestHeaders.check(headers);
    HttpURLConnection connection = null;
    CallDeadline alarm = null;
    try {
      connection =
          (HttpURLConnection)
              (direct
                  ? target.toURL().openConnection(Proxy.NO_PROXY)
                  : target.toURL().openConnection());
      connection.setConnectTimeout((int) Math.max(1, Math.min(connectTimeoutMillis, remaining)));
      // The read timeout is fixed once connected (later changes do not reach the socket), so it
      // is what a silent peer can hold a body read past the deadline: no more than remains.
      connection.setReadTimeout((int) Math.max(1, Math.min(readTimeoutMillis, remaining)));
      alarm = CallDeadline.arm(timer, connection, remaining);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setUseCaches(false);
      connection.setInstanceFollowRedirects(false);
      for (Map.Entry<String, String> header : headers.entrySet()) {
        connection.setRequestProperty(header.getKey(), header.getValue());
      }
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      alarm.readingBody();
      if (status >= 200 && status < 300) {
        if (maxBodyBytes == 0) {
          return new HttpAnswer(status, new byte[0]);
        }
        try (InputStream in = connection.getInputStream()) {
          byte[] answer = readAtMost(in, maxBodyBytes + 1, deadline, alarm);
          if (alarm.expired() || System.nanoTime() - deadline >= 0) {
            throw HttpCallException.tooSlow(); // what arrived is not the whole answer
          }
          if (answer.length > maxBodyBytes) {
            throw HttpCallException.tooLarge(maxBodyBytes);
          }
          return new HttpAnswer(status, answer);
        }
      }
      return new HttpAnswer(
          status,
          readError(connection.getErrorStream(), deadline, alarm),
          connection.getHeaderField("Retry-After"));
    } catch (SocketTimeoutException e) {
      if (alarm != null && alarm.expired() || System.nanoTime() - deadline >= 0) {
        throw HttpCallException.tooSlow();
      }
      throw HttpCallException.timedOut(e);
    } catch (IOException | RuntimeException e) {
      if (alarm != null && alarm.expired()) {
        throw HttpCallException.tooSlow();
      }
      throw HttpCallException.failed(e);
    } finally {
      if (alarm != null) {
        alarm.close();
      }
      if (connection != null) {
        // Leaves what the peer did not send yet to the JDK's keep-alive cleaner, or closes.
        connection.disconnect();
      }
    }
  }

  /** The start of an error answer, whatever arrived by the deadline: enough to tell its cause. */
  private static byte[] readError(InputStream in, long deadline, CallDeadline alarm) {
    if (in == null) {
      return new byte[0];
    }
    try (InputStream stream = in) {
      return readAtMost(stream, MAX_ERROR_BYTES, deadline, alarm);
    } catch (IOException e) {
      return new byte[0]; // a cut or broken error answer: the status alone tells the cause
    }
  }

  /**
   * At most {@code limit} bytes of {@code in}, read until its end, the limit or the deadline,
   * whichever comes first. Bytes that arrived before an I/O failure are kept only by callers that
   * catch nothing: the exception propagates.
   */
  static byte[] readAtMost(InputStream in, int limit, long deadline, CallDeadline alarm)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
    byte[] buffer = new byte[8192];
    while (out.size() < limit && !alarm.expired() && System.nanoTime() - deadline < 0) {
      int read = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()));
      if (read == -1) {
        break;
      }
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }

  /**
   * Ends the thread that enforces deadlines and returns once it has ended; later calls fail at
   * once. For the owner's shutdown.
   */
  @Override
  public void close() {
    timer.close();
  }

  @Override
  public String toString() {
    return "BoundedPost{connect="
        + connectTimeoutMillis
        + "ms, read="
        + readTimeoutMillis
        + "ms, direct="
        + direct
        + "}";
  }
}
