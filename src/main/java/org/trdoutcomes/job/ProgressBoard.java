package org.trdoutcomes.job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.stereotype.Component;
import org.trdoutcomes.ingest.RowBlockReader;
import org.trdoutcomes.ingest.RowBlock;

/**
 * The {@link Progress} of each long step of the run in this process, started afresh when the step starts; the
 * partitions of a step, on whatever thread, report into it.
 */
@Component
public class ProgressBoard {

    private final Map<String, Progress> byStep = new ConcurrentHashMap<>();

    /** The progress of a step (a silent one when the step has not started in this process, e.g. on a worker). */
    public Progress get(String step) {
        return byStep.computeIfAbsent(step, s -> new Progress(s, "of the work", "rows"));
    }

    /** A listener for the (manager) step {@code step} that starts its progress when it starts. */
    StepExecutionListener resetOn(String step, String unit, String counted) {
        return new StepExecutionListener() {
            @Override
            public void beforeStep(StepExecution stepExecution) {
                byStep.put(step, new Progress(step, unit, counted));
            }

            @Override
            public ExitStatus afterStep(StepExecution stepExecution) {
                return stepExecution.getExitStatus();
            }
        };
    }

    /**
     * Reports each committed block of an ingest partition: rows, and the bytes read as a share of the whole extract.
     *
     * @param reader the step-scoped reader (a proxy to the current partition's reader)
     */
    ItemWriteListener<RowBlock> ingestListener(RowBlockReader reader) {
        Map<Long, long[]> lastBytes = new ConcurrentHashMap<>();
        return new ItemWriteListener<>() {
            @Override
            public void afterWrite(Chunk<? extends RowBlock> items) {
                StepExecution step = StepSynchronizationManager.getContext().getStepExecution();
                long total = step.getJobExecution().getExecutionContext()
                        .getLong(TrdOutcomesJobConfiguration.INPUT_BYTES_KEY, 0L);
                long rows = 0;
                for (RowBlock block : items) {
                    rows += block.records();
                }
                long bytes = reader.bytesRead();
                long[] last = lastBytes.computeIfAbsent(step.getId(), id -> new long[1]);
                long delta = bytes - last[0];
                last[0] = bytes;
                get(TrdOutcomesJobConfiguration.INGEST).advance(rows, total == 0 ? 0 : (double) delta / total,
                        reader::position);
            }
        };
    }
}
