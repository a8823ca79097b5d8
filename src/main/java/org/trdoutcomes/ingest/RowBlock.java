package org.trdoutcomes.ingest;

import java.util.List;

/**
 * Consecutive rows of one extract file, the item of the ingest step. Handing Spring Batch a block rather than a row
 * keeps its per-item work (listeners, counters, observation) off the per-row path; the step commits one block at a
 * time, so the restart state is still the exact number of rows consumed.
 *
 * @param rows the block's rows in file order (file-level warnings first in the first block)
 * @param records records of the file these rows consumed (warnings are not records)
 */
public record RowBlock(List<ExtractRow> rows, long records) {
    public RowBlock {
        rows = List.copyOf(rows);
    }
}
