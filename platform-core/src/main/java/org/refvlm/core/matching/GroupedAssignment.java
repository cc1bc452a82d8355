package org.refvlm.core.matching;

import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Solves many independent assignment problems in parallel: the groups of a {@link PaddedCostBatch}
 * (grouped Hungarian matching after one batched cost computation) or any list of {@link CostMatrix}.
 *
 * <p>Workers pull the next group index from a shared counter, so groups of very different sizes still
 * spread evenly; the calling thread is one of the workers and {@code parallelism - 1} helpers run in a
 * {@link ForkJoinPool} owned by this object. Each worker borrows a {@link LinearAssignment} workspace
 * from a pool kept across calls, so a steady stream of batches allocates only the results. A batch
 * too small to repay waking a helper (the usual few phrase groups of one answer) runs on the calling
 * thread alone.
 *
 * <p>Thread-safe: concurrent calls share the helper threads. Close it to stop the helper threads.
 */
public final class GroupedAssignment implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupedAssignment.class);
    /** Cells of work that justify one more thread: solving them takes about as long as waking one. */
    private static final long CELLS_PER_HELPER = 16_384;

    private final int parallelism;
    private final long cellsPerHelper;
    /** Null when {@code parallelism == 1}: everything then runs on the calling thread. */
    private final ForkJoinPool helpers;
    private final Queue<LinearAssignment> workspaces = new ConcurrentLinkedQueue<>();

    private GroupedAssignment(int parallelism, long cellsPerHelper) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
        this.cellsPerHelper = Math.max(1, cellsPerHelper);
        this.helpers = parallelism > 1 ? new ForkJoinPool(parallelism - 1, GroupedAssignment::newHelper, null, false)
                : null;
    }

    private static ForkJoinWorkerThread newHelper(ForkJoinPool pool) {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("refvlm-assignment-" + thread.getPoolIndex());
        return thread;
    }

    /** Uses up to {@code parallelism} threads per call, the caller's included. */
    public static GroupedAssignment withParallelism(int parallelism) {
        return new GroupedAssignment(parallelism, CELLS_PER_HELPER);
    }

    /** As {@link #withParallelism(int)}, with the batch size that justifies a helper set (tests use 1). */
    static GroupedAssignment withParallelism(int parallelism, long cellsPerHelper) {
        return new GroupedAssignment(parallelism, cellsPerHelper);
    }

    /** One thread per available processor. */
    public static GroupedAssignment withAvailableProcessors() {
        return withParallelism(Runtime.getRuntime().availableProcessors());
    }

    /** Everything on the calling thread (useful where threads are not welcome, and as a reference). */
    public static GroupedAssignment sequential() {
        return withParallelism(1);
    }

    public int parallelism() {
        return parallelism;
    }

    /**
     * Solves every group of the batch.
     *
     * @return one assignment per group, in group order, indices relative to the group's block
     * @throws InvalidCostException if a valid cell of some group is NaN or -infinity (lowest such group)
     * @throws InfeasibleAssignmentException if some group has no complete assignment (lowest such group)
     */
    public List<Assignment> solve(PaddedCostBatch batch) {
        long cells = 0;
        for (int g = 0; g < batch.groups(); g++) {
            cells += (long) batch.rows(g) * batch.cols(g);
        }
        return solveAll(batch.groups(), batch::group, cells);
    }

    /**
     * Solves every matrix of the list; the exceptions' {@code group()} is the list index.
     *
     * @see #solve(PaddedCostBatch)
     */
    public List<Assignment> solveEach(List<CostMatrix> matrices) {
        long cells = 0;
        for (CostMatrix matrix : matrices) {
            cells += (long) matrix.rows() * matrix.cols();
        }
        return solveAll(matrices.size(), matrices::get, cells);
    }

    private List<Assignment> solveAll(int count, IntFunction<CostMatrix> matrixOf, long totalCells) {
        final long start = System.nanoTime();
        final Run run = new Run(count, matrixOf);
        // Small batches (the usual few phrase groups of one answer) run entirely on the calling thread.
        final long helpersWorthWaking = totalCells / cellsPerHelper;
        final int helperCount = (int) Math.min(Math.min(parallelism, count) - 1, helpersWorthWaking);
        for (int h = 0; h < helperCount; h++) {
            helpers.execute(() -> drain(run));
        }
        drain(run);
        run.awaitAllGroups();

        final Assignment[] results = new Assignment[count];
        for (int g = 0; g < count; g++) {
            final Object outcome = run.outcomes[g];
            if (outcome instanceof Assignment assignment) {
                results[g] = assignment;
            } else if (outcome instanceof RuntimeException failure) {
                throw attributeToGroup(failure, g);
            } else {
                throw (Error) outcome;
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("solved {} assignment problems with up to {} threads in {} us", count, helperCount + 1,
                    (System.nanoTime() - start) / 1000);
        }
        return Arrays.asList(results);
    }

    /**
     * One call's shared state. The caller waits for all groups to be <em>done</em>, not for the helper
     * tasks to end: on a busy machine a helper may only get a processor after the caller has solved
     * everything, and then it just finds no group left, with nobody waiting for it.
     */
    private static final class Run {
        final int count;
        final IntFunction<CostMatrix> matrixOf;
        /** Each slot ends up holding the group's Assignment or what it threw. */
        final Object[] outcomes;
        final AtomicInteger nextGroup = new AtomicInteger();
        final AtomicInteger doneGroups = new AtomicInteger();
        final CountDownLatch allDone = new CountDownLatch(1);

        Run(int count, IntFunction<CostMatrix> matrixOf) {
            this.count = count;
            this.matrixOf = matrixOf;
            this.outcomes = new Object[count];
            if (count == 0) {
                allDone.countDown();
            }
        }

        /** Records a group's outcome; the atomic increment publishes it to the waiting caller. */
        void finish(int group, Object outcome) {
            outcomes[group] = outcome;
            if (doneGroups.incrementAndGet() == count) {
                allDone.countDown();
            }
        }

        void awaitAllGroups() {
            boolean interrupted = false;
            while (true) {
                try {
                    allDone.await();
                    break;
                } catch (InterruptedException e) {
                    // Helpers are still writing into this run: finish waiting (groups are short), then
                    // restore the interrupt for the caller.
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drain(Run run) {
        LinearAssignment solver = workspaces.poll();
        if (solver == null) {
            solver = new LinearAssignment();
        }
        try {
            for (int g = run.nextGroup.getAndIncrement(); g < run.count; g = run.nextGroup.getAndIncrement()) {
                Object outcome;
                try {
                    outcome = solver.solve(run.matrixOf.apply(g));
                } catch (RuntimeException | Error e) {
                    // Keep going: the other groups are still solved and the lowest failing group is reported.
                    outcome = e;
                }
                run.finish(g, outcome);
            }
        } finally {
            workspaces.offer(solver);
        }
    }

    private static RuntimeException attributeToGroup(RuntimeException failure, int group) {
        if (failure instanceof InfeasibleAssignmentException infeasible) {
            return infeasible.inGroup(group);
        }
        if (failure instanceof InvalidCostException invalid) {
            return invalid.inGroup(group);
        }
        return new IllegalStateException("group " + group + ": " + failure.getMessage(), failure);
    }

    /**
     * Stops the helper threads; later calls big enough to use them fail with
     * {@link java.util.concurrent.RejectedExecutionException}.
     */
    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdown();
        }
    }

    @Override
    public String toString() {
        return "GroupedAssignment[parallelism=" + parallelism + "]";
    }
}
