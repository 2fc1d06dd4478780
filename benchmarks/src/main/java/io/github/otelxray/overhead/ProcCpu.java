/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.overhead;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of a process and of its threads from Linux's {@code /proc}: {@code utime + stime} of
 * {@code /proc/<pid>/stat} (every thread, living or ended, of the JVM) and of each {@code
 * /proc/<pid>/task/<tid>/stat}, grouped by the thread's name as the kernel knows it (the first 15
 * characters of the Java thread name). Values are in clock ticks (see {@link #ticksPerSecond}), 10
 * ms each on usual kernels, so a measured batch should last seconds.
 */
final class ProcCpu {

  private ProcCpu() {}

  /** {@code getconf CLK_TCK}; 100 when the command is not available. */
  static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      getconf.waitFor();
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  /** utime + stime of the whole process, in ticks. */
  static long processTicks(long pid) throws IOException {
    return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
  }

  /** utime + stime (ticks) and kernel name of each living thread, by thread id. */
  record ThreadTicks(String name, long ticks) {}

  static Map<Long, ThreadTicks> threadTicks(long pid) throws IOException {
    Map<Long, ThreadTicks> byTid = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (NoSuchFileException e) {
          continue; // the thread ended meanwhile
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        byTid.put(
            Long.parseLong(task.getFileName().toString()), new ThreadTicks(name, ticks(stat)));
      }
    }
    return byTid;
  }

  /**
   * Ticks spent between two snapshots per {@link #category}, thread by thread (some threads rename
   * themselves, OkHttp's for one, so a thread is put in the category of its later name). Threads
   * that ended in between are missing: their time shows only in the process total.
   */
  static Map<String, Long> byCategory(Map<Long, ThreadTicks> before, Map<Long, ThreadTicks> after) {
    Map<String, Long> spent = new HashMap<>();
    after.forEach(
        (tid, now) -> {
          ThreadTicks then = before.get(tid);
          spent.merge(
              category(now.name()), now.ticks() - (then == null ? 0 : then.ticks()), Long::sum);
        });
    return spent;
  }

  /**
   * Where a thread's CPU goes: {@code request} (the service's {@code HTTP-Dispatcher}, which runs
   * the handler, so everything an agent does on the request path), {@code export} (the batch span
   * processor and the exporter's HTTP client), {@code jit}, {@code gc+vm}, {@code other}.
   */
  static String category(String threadName) {
    if (threadName.startsWith("HTTP-Dispatcher")) {
      return "request";
    }
    if (threadName.startsWith("BatchSpanProces")
        || threadName.startsWith("OkHttp")
        || threadName.startsWith("Okio")) {
      return "export";
    }
    if (threadName.contains("CompilerThre")) {
      return "jit";
    }
    if (threadName.startsWith("VM Thread") || threadName.startsWith("GC ")) {
      return "gc+vm";
    }
    return "other";
  }

  /** Fields 14 and 15 (utime, stime) of a stat line; the name in parentheses may hold spaces. */
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 (state), so field n is fields[n - 3].
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
