package org.trdoutcomes.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The run lock on its own, on an H2 database: one holder at a time, a refusal that names the holder, and the two
 * ways a dead holder is displaced (its pid on this host is gone; its heartbeat on another host is stale).
 */
class RunLockTest {

    static final Duration STALE = Duration.ofMinutes(10);
    static final Duration HEARTBEAT = Duration.ofMinutes(1);

    DriverManagerDataSource dataSource;
    JdbcTemplate jdbc;
    DataSourceTransactionManager tx;

    @BeforeEach
    void database() {
        dataSource = new DriverManagerDataSource("jdbc:h2:mem:lock-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        jdbc = new JdbcTemplate(dataSource);
        tx = new DataSourceTransactionManager(dataSource);
        // the lock table comes from the migrations, as in the application
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
    }

    @AfterEach
    void dropDatabase() {
        jdbc.execute("SHUTDOWN");
    }

    RunLock lock(String host, long pid) {
        return new RunLock(jdbc, tx, STALE, HEARTBEAT, host, pid);
    }

    @Test
    void aSecondLauncherIsRefusedWithAMessageNamingTheRunThatHoldsTheLock() {
        long alivePid = ProcessHandle.current().pid();
        RunLock first = lock("host-a", alivePid);
        RunLock second = lock("host-a", alivePid + 1_000_000);

        try (RunLock.Lease lease = first.acquire()) {
            lease.attach(42);
            assertThatThrownBy(second::acquire).isInstanceOf(RunLock.Held.class)
                    .hasMessageContaining("Another run is in progress")
                    .hasMessageContaining("job execution 42")
                    .hasMessageContaining("process " + alivePid + " on host-a");
        }
        // released: the next launcher gets it
        try (RunLock.Lease lease = second.acquire()) {
            assertThat(lease.takenOverFrom()).isEmpty();
        }
    }

    @Test
    void aHolderOnThisHostWhosePidIsGoneIsTakenOverAtOnce() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        RunLock killed = lock("host-a", dead.pid());
        killed.acquire(); // never closed: the process "died" holding it

        try (RunLock.Lease lease = lock("host-a", ProcessHandle.current().pid()).acquire()) {
            assertThat(lease.takenOverFrom()).hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(dead.pid()));
        }
    }

    @Test
    void aHolderOnAnotherHostIsDisplacedOnlyOnceItsHeartbeatIsStale() {
        lock("host-b", 1234).acquire();
        RunLock here = lock("host-a", ProcessHandle.current().pid());

        assertThatThrownBy(here::acquire).isInstanceOf(RunLock.Held.class).hasMessageContaining("host-b");

        jdbc.update("UPDATE TRD_RUN_LOCK SET HEARTBEAT_AT = DATEADD('MINUTE', -11, LOCALTIMESTAMP)");
        try (RunLock.Lease lease = here.acquire()) {
            assertThat(lease.takenOverFrom()).hasValueSatisfying(h -> assertThat(h.host()).isEqualTo("host-b"));
        }
    }

    @Test
    void theHeartbeatKeepsALongRunFresh() throws Exception {
        RunLock fast = new RunLock(jdbc, tx, STALE, Duration.ofMillis(50), "host-a", ProcessHandle.current().pid());
        try (RunLock.Lease lease = fast.acquire()) {
            jdbc.update("UPDATE TRD_RUN_LOCK SET HEARTBEAT_AT = DATEADD('MINUTE', -11, LOCALTIMESTAMP)");
            // the heartbeat (every 50 ms) writes a fresh time over the stale one
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                RunLock.Holder holder = fast.holder().orElseThrow();
                assertThat(Duration.between(holder.heartbeatAt(), holder.now())).isLessThan(Duration.ofMinutes(1));
            });
        }
    }

    @Test
    void ofManyLaunchersRacingExactlyOneGetsTheLock() throws Exception {
        int launchers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(launchers);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch refused = new CountDownLatch(launchers - 1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < launchers; i++) {
            RunLock lock = lock("host-a", ProcessHandle.current().pid());
            Callable<Boolean> attempt = () -> {
                go.await();
                try (RunLock.Lease lease = lock.acquire()) {
                    hold.await();
                    return true;
                } catch (RunLock.Held held) {
                    refused.countDown();
                    return false;
                }
            };
            results.add(pool.submit(attempt));
        }
        go.countDown();
        // the winner holds the lock until every other launcher has been refused
        boolean allOthersRefused = refused.await(60, TimeUnit.SECONDS);
        hold.countDown();
        int won = 0;
        for (Future<Boolean> r : results) {
            won += r.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(allOthersRefused).as("every launcher but one refused while the lock was held").isTrue();
        assertThat(won).isEqualTo(1);
    }
}
