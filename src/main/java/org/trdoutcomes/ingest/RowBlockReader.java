package org.trdoutcomes.ingest;

import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * What one ingest partition reads: a trials extract file ({@link ExtractFileItemReader}) or a whole OMOP CDM
 * ({@code OmopItemReader}); both hand out validated rows in blocks and report how far they are for the progress line.
 */
public interface RowBlockReader extends ItemStreamReader<RowBlock> {

    /** Bytes of the input read so far (0 when unknown, e.g. a database). */
    long bytesRead();

    /** Where the reader is, for the progress line ({@code trials.csv at row 1200}). */
    String position();
}
