/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.sigv4;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * One credential chain for every signer of the process: the exporter and the sampler sign with the
 * same credentials, so they share one lookup, one refresh, one pause after a failure and one
 * warning per cause (issue 20: two chains made two calls to the container credentials endpoint or
 * STS, and said each failure twice). Each signer holds a {@link Lease}; the chain is closed when
 * the last lease is, and a lease taken after that (an SDK built again) gets a new chain, which
 * reads the environment and files afresh.
 */
final class SharedCredentials {

  /** The process's chain: the AWS SDK's default one. */
  static final SharedCredentials PROCESS = new SharedCredentials(CredentialLookup::defaultChain);

  private final Function<Supplier<String>, CredentialLookup> chains;
  // Read without the lock by the chain's warning, which may be said while a lease is taken.
  private final List<Lease> leases = new CopyOnWriteArrayList<>();
  private CredentialLookup chain; // guarded by this

  /** {@code chains}: a new chain, given what its failure costs the leases then open. */
  SharedCredentials(Function<Supplier<String>, CredentialLookup> chains) {
    this.chains = chains;
  }

  /**
   * A lease on the shared chain, which is built now if no lease is open.
   *
   * @param consequence what missing credentials cost this user, said in the chain's warning ("spans
   *     are dropped")
   */
  synchronized Lease acquire(String consequence) {
    if (chain == null) {
      chain = chains.apply(this::consequences);
    }
    Lease lease = new Lease(chain, consequence);
    leases.add(lease);
    return lease;
  }

  private synchronized void release(Lease lease) {
    if (leases.remove(lease) && leases.isEmpty() && chain != null) {
      chain.close();
      chain = null;
    }
  }

  /** What a failure costs the open leases, each said once, joined: "" when none is open. */
  private String consequences() {
    Set<String> each = new LinkedHashSet<>();
    for (Lease lease : leases) {
      each.add(lease.consequence);
    }
    return String.join("; ", each);
  }

  /** One user's hold on the shared chain; closing it twice releases it once. */
  final class Lease implements AutoCloseable {
    private final CredentialLookup lookup;
    private final String consequence;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease(CredentialLookup lookup, String consequence) {
      this.lookup = lookup;
      this.consequence = consequence;
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
        release(this);
      }
    }
  }
}
