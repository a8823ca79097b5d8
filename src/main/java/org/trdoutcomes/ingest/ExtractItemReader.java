package org.trdoutcomes.ingest;

import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.trdoutcomes.rules.Treatment;

/** STUB (replaced by the ingest branch). */
public class ExtractItemReader implements ItemStreamReader<ExtractRow> {
    public ExtractItemReader(ExtractManifest manifest, Function<String, Optional<Treatment>> lookup, LocalDate asOf) {
    }

    @Override
    public ExtractRow read() {
        return null;
    }

    @Override
    public void open(ExecutionContext executionContext) {
    }
}
