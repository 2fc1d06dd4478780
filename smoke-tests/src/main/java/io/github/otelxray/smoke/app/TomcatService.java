/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.smoke.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * A servlet container under the agent: embedded Tomcat with one servlet, so the spans come from the
 * agent's Tomcat instrumentation, which reads the query as the client sent it. It knows nothing of
 * OpenTelemetry.
 *
 * <ul>
 *   <li>{@code /search}: 200 and {@code HttpServletRequest.getQueryString()}, the query as Tomcat
 *       holds it.
 * </ul>
 *
 * <p>Listens on a free loopback port and prints {@code listening on port N} once it serves. Its
 * working folder is {@code -Dtomcat.base} (a temporary folder when not set).
 */
public final class TomcatService {

  private TomcatService() {}

  public static void main(String[] args) throws IOException, LifecycleException {
    Tomcat tomcat = new Tomcat();
    String base = System.getProperty("tomcat.base");
    tomcat.setBaseDir(base != null ? base : Files.createTempDirectory("tomcat-service").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "search", new QueryServlet());
    context.addServletMappingDecoded("/search", "search");
    tomcat.start();
    System.out.println("listening on port " + connector.getLocalPort());
    System.out.flush();
    // Tomcat's own threads are daemons: wait here, as a standalone Tomcat does (no shutdown port).
    tomcat.getServer().await();
  }

  /** Answers with the query string as the container holds it. */
  private static final class QueryServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain");
      response.getWriter().println(request.getQueryString());
    }
  }
}
