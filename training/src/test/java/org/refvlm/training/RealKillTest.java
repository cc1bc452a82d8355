package org.refvlm.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refvlm.training.internal.AtomicDirectory;

/**
 * Kills a real training process with SIGKILL at several moments (it checkpoints after every
 * step, so the kills mostly land inside a checkpoint write), resuming it in between. After each
 * kill every checkpoint under its real name must be complete and restorable, and the newest one
 * must never go backwards.
 */
class RealKillTest {
    @TempDir
    Path dir;

    @Test
    void sigkillAtAnyMomentNeverLeavesABrokenCheckpoint() throws Exception {
        Path out = dir.resolve("run");
        Path checkpoints = out.resolve(Trainer.CHECKPOINTS);
        long lastStep = 0;
        int leftovers = 0;
        long[] delaysMs = {0, 137, 311, 523};
        for (long delay : delaysMs) {
            Process p = start(out, dir.resolve("child-" + delay + ".log"));
            try {
                waitForCheckpointAfter(checkpoints, lastStep, p);
                Thread.sleep(delay);
            } finally {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            try (Stream<Path> s = Files.list(checkpoints)) {
                leftovers += (int) s.filter(x -> x.getFileName().toString().startsWith(AtomicDirectory.TMP_PREFIX)
                        || x.getFileName().toString().startsWith(AtomicDirectory.TRASH_PREFIX)).count();
            }
            Checkpoint.removeLeftovers(checkpoints);
            List<Path> all = Checkpoint.list(checkpoints);
            assertThat(all).isNotEmpty();
            for (Path ck : all) {
                CheckpointInfo info = Checkpoint.read(ck);
                try (TinyMlp fresh = KillTarget.withBallast(new TinyMlp(0))) {
                    assertThat(Checkpoint.restore(ck, fresh.params, AdamW.of(KillTarget.config(out))).step())
                            .isEqualTo(info.step());
                }
            }
            long newest = Checkpoint.read(Checkpoint.latest(checkpoints).orElseThrow()).step();
            assertThat(newest).isGreaterThan(lastStep);
            lastStep = newest;
            // The log has consecutive steps from 1 (a kill may tear the last line; resume drops it).
            List<String> lines = Files.readAllLines(out.resolve(Trainer.METRICS));
            ObjectMapper json = new ObjectMapper();
            List<Long> steps = new ArrayList<>();
            for (String l : lines.subList(0, Math.max(0, lines.size() - 1))) {
                steps.add(json.readTree(l).get("step").asLong());
            }
            for (int i = 0; i < steps.size(); i++) {
                assertThat(steps.get(i)).isEqualTo(i + 1);
            }
        }
        org.slf4j.LoggerFactory.getLogger(RealKillTest.class)
                .info("{} kills, newest checkpoint step {}, {} unfinished folders cleaned up", delaysMs.length,
                        lastStep, leftovers);
    }

    private static Process start(Path out, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", cp, KillTarget.class.getName(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void waitForCheckpointAfter(Path checkpoints, long step, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("child exited with " + p.exitValue());
            }
            // latest() tolerates the folder the child is pruning at this very moment.
            var latest = Checkpoint.latest(checkpoints);
            if (latest.isPresent() && latest.get().getFileName().toString().compareTo(Checkpoint.folderName(step)) > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no new checkpoint within 60 s");
    }
}
