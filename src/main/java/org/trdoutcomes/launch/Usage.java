package org.trdoutcomes.launch;

/** The text of {@code --help}. */
public final class Usage {
    private Usage() {
    }

    public static final String TEXT = """
            TRD Outcomes: treatment-resistant depression outcomes from an anonymized extract.

            Usage:
              java -jar trd-outcomes.jar [options]            run the job once
              java -jar trd-outcomes.jar generate [options]   write a synthetic extract (see README)
              java -jar trd-outcomes.jar worker [--key=value]  stay running and run the partitions that launches
                                                  with --trd.partition.mode=remote send over RabbitMQ (one at a
                                                  time, shared PostgreSQL job repository); launches no job;
                                                  /actuator/health and /actuator/prometheus on server.port [8080];
                                                  stop with SIGTERM / Ctrl-C

            Options:
              --input=PATH        folder (or single file) holding trials*.csv and patients*.csv  [sample-data]
              --output=PATH       folder the workbook is published to                            [reports]
              --as-of=YYYY-MM-DD  the run's as-of date (no date in the extract may be later)     [today]
              --rerun             run again a night whose run already completed (a new report)
              --schedule          stay running and launch a run on trd.schedule.cron (default 02:00 daily,
                                  zone trd.schedule.zone) as of that day; stop with SIGTERM / Ctrl-C
              --help              this text

              Any configuration key overrides the defaults the Spring Boot way, e.g.
              --trd.report.min-cell-count=11  --trd.rules.profile=eu-pearl  --trd.report.include-patients=false
              --spring.datasource.url=jdbc:postgresql://db:5432/trd --spring.datasource.username=trd

            Remote partitioning (opt-in; manager and workers share all of these):
              --trd.partition.mode=remote       send the ingest and classify partitions to workers  [local]
              --trd.partition.queue=NAME        the RabbitMQ queue of one deployment  [trd-outcomes.partitions]
              --spring.rabbitmq.host=H --spring.rabbitmq.port=P --spring.rabbitmq.username=U ...
              --trd.work-dir=PATH               the runs' intermediate files: a folder every process shares
              --trd.partition.worker-timeout=60s  a partition silent this long has lost its worker: the run
                                                fails and the same command re-runs the unfinished partitions

            Exit codes:
              0  completed; the last line names the report
              1  failed (database, disk, broker, a lost worker, unexpected error); launching the same command
                 again resumes the run
              2  bad command line, or an impossible setting (the message names it); nothing was run
              3  this night's run (as-of date and input) already completed; add --rerun to run it again
              4  extract refused: no trials file, unreadable file, missing column, direct identifier,
                 or too many rejected rows (the log names file, column and reason)
              75 another run holds the run lock (the message names it); try again later

            See docs/operations.md: schedule, restart, recovery, lock, PostgreSQL, remote partitioning.
            """;
}
