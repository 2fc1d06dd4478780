/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.config;

import io.github.otelxray.logging.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A small local file a setting names (a rules file, an adaptive sampling configuration), read whole
 * and bounded: a regular file only, at most a given size.
 *
 * <p>Whether it is a regular file is decided from its metadata, which never blocks on what the file
 * is: opening a named pipe nobody writes blocks until someone does, and this runs on the agent's
 * premain thread, so the application would never start; devices ({@code /dev/zero}) never end. The
 * size is checked before reading and again while reading, since the file may grow in between.
 *
 * <p>Internal: public only for the other parts of the extension, not an API.
 */
public final class BoundedFile {

  private BoundedFile() {}

  /**
   * The file's text (UTF-8).
   *
   * @throws Unreadable saying why in words safe to log after the file's name
   */
  public static String read(Path file, int maxBytes) throws Unreadable {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new Unreadable("is not a regular file (a directory, pipe or device)");
      }
      if (attributes.size() > maxBytes) {
        throw tooLarge(maxBytes);
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] bytes = new byte[maxBytes + 1];
        int length = 0;
        int read;
        while (length < bytes.length
            && (read = in.read(bytes, length, bytes.length - length)) != -1) {
          length += read;
        }
        if (length > maxBytes) {
          throw tooLarge(maxBytes);
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      throw new Unreadable("cannot be read (" + LogText.escape(e.toString()) + ")");
    }
  }

  private static Unreadable tooLarge(int maxBytes) {
    return new Unreadable("is larger than " + maxBytes + " bytes");
  }

  /** Why a file was not read; the message follows the file's name in a warning. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String reason) {
      super(reason);
    }
  }
}
