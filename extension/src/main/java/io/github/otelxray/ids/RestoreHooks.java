/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.ids;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs an action after the JVM is restored from a snapshot, through the checkpoint/restore hooks of
 * whatever runtime takes the snapshot: the AWS Lambda Java runtime interface client's own CRaC API
 * ({@code com.amazonaws.services.lambda.crac}, which calls its hooks around SnapStart's snapshot
 * when {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) and a CRaC JDK's {@code jdk.crac}. Both
 * are looked up by name on the system class loader, so the extension needs neither at compile time
 * and costs nothing where they are absent.
 *
 * <p>Each runtime keeps its resources weakly, so the proxies registered here are kept for the life
 * of the process.
 */
final class RestoreHooks {

  private static final Logger LOGGER = Logger.getLogger(RestoreHooks.class.getName());

  static final String LAMBDA_CRAC = "com.amazonaws.services.lambda.crac";
  static final String JDK_CRAC = "jdk.crac";
  private static final String SNAP_START = "snap-start";

  private static final List<Object> REGISTERED = Collections.synchronizedList(new ArrayList<>());

  private RestoreHooks() {}

  /**
   * Registers {@code afterRestore} with each checkpoint/restore API this process has: Lambda's when
   * Lambda says it initialises for SnapStart, the JDK's when the JDK has one. Returns the packages
   * it registered with.
   */
  static List<String> register(Runnable afterRestore, Map<String, String> env, ClassLoader loader) {
    List<String> registered = new ArrayList<>();
    if (SNAP_START.equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"))
        && registerWith(LAMBDA_CRAC, afterRestore, loader)) {
      registered.add(LAMBDA_CRAC);
    }
    if (registerWith(JDK_CRAC, afterRestore, loader)) {
      registered.add(JDK_CRAC);
    }
    return registered;
  }

  /** Whether {@code afterRestore} is now registered with the CRaC-style API in {@code pkg}. */
  static boolean registerWith(String pkg, Runnable afterRestore, ClassLoader loader) {
    Class<?> core;
    try {
      core = Class.forName(pkg + ".Core", false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    try {
      Class<?> resource = Class.forName(pkg + ".Resource", false, loader);
      Class<?> context = Class.forName(pkg + ".Context", false, loader);
      Object global = core.getMethod("getGlobalContext").invoke(null);
      Object hook =
          Proxy.newProxyInstance(loader, new Class<?>[] {resource}, new Hook(afterRestore));
      context.getMethod("register", resource).invoke(global, hook);
      REGISTERED.add(hook);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOGGER.log(
          Level.WARNING,
          "X-Ray ids: could not register for restores from a snapshot with "
              + pkg
              + " ("
              + e
              + "); after a SnapStart or CRaC restore, trace ids may repeat those of other copies.");
      return false;
    }
  }

  /** The resource: nothing to do before the snapshot, {@code afterRestore} after a restore. */
  private static final class Hook implements InvocationHandler {
    private final Runnable afterRestore;

    Hook(Runnable afterRestore) {
      this.afterRestore = afterRestore;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      switch (method.getName()) {
        case "afterRestore":
          afterRestore.run();
          return null;
        case "beforeCheckpoint":
          return null;
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        case "toString":
          return "XRayIdGenerator restore hook";
        default:
          return null;
      }
    }
  }
}
