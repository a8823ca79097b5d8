package org.trdoutcomes.report;

import java.util.function.Consumer;

/** A stream of rows the report pulls once, in order, without holding them all (e.g. a database cursor). */
@FunctionalInterface
public interface RowSource<T> {
    void forEach(Consumer<? super T> consumer);
}
