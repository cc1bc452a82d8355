package org.refvlm.spark.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.refvlm.data.TaskType;
import org.refvlm.data.synth.SceneConfig;
import org.refvlm.data.synth.Split;
import org.refvlm.data.synth.SynthOptions;
import org.refvlm.data.synth.SyntheticDataset;

/** What the evaluation tests compare against: a REC test folder, and bin/refvlm eval's run over it. */
final class RecData {

    private RecData() {
    }

    /** n REC test samples of the synthetic world, two per picture. */
    static Path write(Path folder, int n, long seed) throws IOException {
        new SyntheticDataset(new SynthOptions(n, Split.TEST, seed, List.of(TaskType.REC), SceneConfig.DEFAULT, 2, true))
                .writeTo(folder, k -> { });
        return folder;
    }

    /**
     * {@code eval --task rec} over the folder with the project's default model, as {@code bin/refvlm eval}
     * runs it, on this JVM's platform (the runtime the pom names); its report goes to {@code out}.
     */
    static ExecutorPlatform.Result evaluateAlone(Path data, Path out) throws Exception {
        ExecutorPlatform.Result r = ExecutorPlatform.run(System.getenv("REFVLM_RUNTIME"), "refvlm:eval", List.of("--task",
                "rec", "--data", data.toString(), "--model", System.getenv("REFVLM_MODEL"), "--out", out.toString()));
        assertThat(r.status()).as(r.tail(30)).isZero();
        return r;
    }
}
