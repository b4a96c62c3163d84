package org.linkagehub.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit with no thread of its own: each caller queues its job and waits; whichever caller finds the writer
 * free leads, takes up to {@code maxJobs} queued jobs (its own among them, in the order they came) and writes them
 * together, then hands each waiting caller its result. A caller alone leads at once, so a lone job waits for nobody;
 * jobs that arrive while a group is being written are the next group. A leader that leaves work queued wakes the
 * first waiting caller, who leads the next group (or finds its job done by someone else and leaves).
 *
 * @param <J> a job
 * @param <R> its result
 */
public final class GroupCommit<J, R> {

    private final ConcurrentLinkedQueue<Pending<J, R>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();
    private final int maxJobs;
    private final Function<List<J>, List<R>> write;
    private final LongAdder groups = new LongAdder();
    private final LongAdder jobs = new LongAdder();

    /**
     * @param maxJobs the most jobs one group takes; 1 for none (each caller writes its job at once, unqueued)
     * @param write   writes a group of jobs together and answers one result per job, in the jobs' order; what it
     *                throws is thrown to every caller of the group
     */
    public GroupCommit(int maxJobs, Function<List<J>, List<R>> write) {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("a group takes at least one job, not " + maxJobs);
        }
        this.maxJobs = maxJobs;
        this.write = write;
    }

    /** Writes the job, with others that came meanwhile, and answers its result once the group is written. */
    public R submit(J job) {
        if (maxJobs == 1) {
            // no groups: each caller writes its own, side by side
            return write.apply(List.of(job)).get(0);
        }
        Pending<J, R> mine = new Pending<>(job, Thread.currentThread());
        queue.add(mine);
        while (!mine.done) {
            if (writer.tryLock()) {
                try {
                    if (!mine.done) {
                        lead();
                    }
                } finally {
                    writer.unlock();
                }
                wakeNext();
            } else {
                LockSupport.park(this);
            }
        }
        return mine.result();
    }

    /** How many groups and jobs were written so far, and how many jobs wait now. */
    public Figures figures() {
        return new Figures(groups.sum(), jobs.sum(), queue.size());
    }

    /**
     * @param groups  groups written so far (each one transaction)
     * @param jobs    jobs written so far
     * @param waiting jobs queued now, not yet taken by a leader
     */
    public record Figures(long groups, long jobs, int waiting) {
    }

    private void lead() {
        List<Pending<J, R>> group = new ArrayList<>();
        for (Pending<J, R> next; group.size() < maxJobs && (next = queue.poll()) != null;) {
            group.add(next);
        }
        if (group.isEmpty()) {
            return;
        }
        List<J> these = new ArrayList<>(group.size());
        group.forEach(p -> these.add(p.job));
        List<R> results;
        try {
            results = write.apply(these);
            if (results.size() != group.size()) {
                throw new IllegalStateException("a group of " + group.size() + " jobs answered " + results.size());
            }
        } catch (RuntimeException | Error e) {
            group.forEach(p -> p.fail(e));
            return;
        } finally {
            groups.increment();
            jobs.add(group.size());
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).complete(results.get(i));
        }
    }

    /** A job still queued after the writer was let go: its caller leads the next group (or meets a newer leader). */
    private void wakeNext() {
        Pending<J, R> next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.caller);
        }
    }

    private static final class Pending<J, R> {
        final J job;
        final Thread caller;
        private R result;
        private Throwable failure;
        volatile boolean done;

        Pending(J job, Thread caller) {
            this.job = job;
            this.caller = caller;
        }

        void complete(R r) {
            finish(r, null);
        }

        void fail(Throwable e) {
            finish(null, e);
        }

        private void finish(R r, Throwable e) {
            result = r;
            failure = e;
            done = true;
            if (caller != Thread.currentThread()) {
                LockSupport.unpark(caller);
            }
        }

        R result() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return result;
        }
    }
}
