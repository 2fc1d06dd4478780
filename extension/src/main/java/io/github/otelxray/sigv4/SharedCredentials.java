/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * One credential chain for every signer of the process: the exporter and the sampler sign with the
 * same credentials, so they share one lookup, one refresh, one pause after a failure and one
 * warning per cause (two chains would make two calls to the container credentials endpoint or STS,
 * and say each failure twice). Each signer holds a {@link Lease}; the chain is closed when the last
 * lease is, and a lease taken after that (an SDK built again) gets a new chain, which reads the
 * environment and files afresh.
 */
final class SharedCredentials {

  /** The process's chain: the AWS SDK's default one. */
  static final SharedCredentials PROCESS = new SharedCredentials(CredentialLookup::defaultChain);

  private final Supplier<CredentialLookup> chains;
  private CredentialLookup chain; // guarded by this
  private int leases; // guarded by this

  /** {@code chains}: a new chain each time one is needed. */
  SharedCredentials(Supplier<CredentialLookup> chains) {
    this.chains = chains;
  }

  /** A lease on the shared chain, which is built now if no lease is open. */
  synchronized Lease acquire() {
    if (chain == null) {
      chain = chains.get();
    }
    leases++;
    return new Lease(chain);
  }

  private synchronized void release() {
    if (--leases == 0) {
      chain.close();
      chain = null;
    }
  }

  /** One user's hold on the shared chain; closing it twice releases it once. */
  final class Lease implements AutoCloseable {
    private final CredentialLookup lookup;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease(CredentialLookup lookup) {
      this.lookup = lookup;
    }

    /**
     * @throws SigningException when there are no usable credentials, or the lease is closed
     */
    AwsCredentialsIdentity resolve() throws SigningException {
      if (closed.get()) {
        throw new SigningException("signing was shut down");
      }
      return lookup.resolve();
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release();
      }
    }
  }
}
