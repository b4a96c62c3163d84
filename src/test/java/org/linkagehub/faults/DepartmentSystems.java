package org.linkagehub.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The systems of the departments a fault's decisions go to ({@link RetryingPlatform#DEPARTMENTS}), judged together. */
final class DepartmentSystems implements AutoCloseable {

    private final List<Department> departments = new ArrayList<>();

    DepartmentSystems(int brokerPort) {
        for (String code : RetryingPlatform.DEPARTMENTS) {
            departments.add(new Department(code, brokerPort));
        }
    }

    /** The same systems on a broker URL of their own, e.g. a primary/backup pair's fail-over URL. */
    DepartmentSystems(String brokerUrl) {
        for (String code : RetryingPlatform.DEPARTMENTS) {
            departments.add(new Department(code, brokerUrl));
        }
    }

    /** Nanos since the last message arrived at any of them. */
    long quietNanos() {
        return departments.stream().mapToLong(Department::quietNanos).min().orElse(Long.MAX_VALUE);
    }

    /** Until each department has a delivery of every one of these documents. */
    void awaitEveryDecision(Set<String> documents, Duration atMost) {
        await("every department has every decision").atMost(atMost).pollInterval(Duration.ofSeconds(1))
                .until(() -> departments.stream().allMatch(d -> d.delivered(documents) == documents.size()));
    }

    /** Until nothing has arrived for five seconds: a late copy would have come by then. */
    void awaitQuiet() {
        await("no late copies").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> departments.stream().allMatch(d -> d.quietNanos() > TimeUnit.SECONDS.toNanos(5)));
    }

    void report(FaultReport report, Set<String> documents) {
        report.departments(departments, documents);
    }

    /** Every department received every document's decision, under one deliveryId, with no copy. */
    void assertEachDecisionOnce(Set<String> documents) {
        for (Department d : departments) {
            assertThat(d.delivered(documents)).as("%s delivered", d.code).isEqualTo(documents.size());
            assertThat(d.copies()).as("%s copies", d.code).isZero();
            assertThat(d.doubled(documents)).as("%s documents under two deliveryIds", d.code).isZero();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Department d : departments) {
            d.close();
        }
    }
}
