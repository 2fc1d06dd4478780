package io.github.otelxray.ids.brokencrac;

/** A checkpoint/restore API that is there by name but not in shape: no Resource, no context. */
public final class Core {
  private Core() {}
}
