package org.trdoutcomes.scale;

/** The broker (or a shared job repository) a remote run or a worker needs is not there: the process exits 1. */
public class BrokerUnreachable extends RuntimeException {
    public BrokerUnreachable(String message) {
        super(message);
    }
}
