package org.refvlm.trainer.eval.answers;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.IntConsumer;
import org.refvlm.api.Request;
import org.refvlm.api.RgbImage;
import org.refvlm.data.AtomicFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the answers to one shard of a run's questions (those at positions {@code i} with
 * {@code i mod shards == shard}) in a JSON Lines file: a header naming the model and the units its
 * decoders handled, then one line per question with its key and the response, or the error that took
 * its place. The file appears complete or not at all, and a rerun of the shard replaces it.
 *
 * <p>A question whose picture cannot be read is not recorded: the scoring run reads the picture itself
 * and reports it the way a single run does.
 */
public final class AnswerRecording {

    /** The header's format version; {@link RecordedAnswers} refuses others. */
    static final int FORMAT = 1;
    private static final Logger LOG = LoggerFactory.getLogger(AnswerRecording.class);

    /**
     * @param shard    which shard, from 0
     * @param shards   how many shards the run is split into
     * @param model    how the reports name the model
     * @param units    the units the platform's decoders handled while recording
     * @param progress hears the number of this shard's questions answered so far
     * @return how many questions were answered (or failed) and recorded
     */
    public static int record(List<Question> questions, int shard, int shards, AnswerSource answers, Path file,
            String model, Collection<String> units, IntConsumer progress) throws IOException {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards + " does not exist");
        }
        int[] recorded = {0};
        AtomicFile.write(file, stream -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            ObjectNode header = JsonNodeFactory.instance.objectNode().put("answers", FORMAT).put("model", model)
                    .put("shard", shard).put("shards", shards);
            units.forEach(header.putArray("units")::add);
            line(out, header);
            for (int i = shard; i < questions.size(); i += shards) {
                Question q = questions.get(i);
                RgbImage image;
                try {
                    image = RgbImage.read(q.image());
                } catch (IOException e) {
                    LOG.warn("question {}: picture unreadable, left to the scoring run: {}", q.key(), e.getMessage());
                    continue;
                }
                ObjectNode entry = JsonNodeFactory.instance.objectNode().put("key", q.key());
                try {
                    Request request = q.request().apply(image);
                    Answer answer = answers.answer(q.key(), request);
                    entry.put("seconds", answer.seconds());
                    entry.set("response", AnswerJson.write(answer.response()));
                } catch (RuntimeException e) {
                    LOG.warn("question {}: no answer", q.key(), e);
                    entry.put("error", String.valueOf(e));
                }
                line(out, entry);
                progress.accept(++recorded[0]);
            }
            out.flush();
        });
        return recorded[0];
    }

    private static void line(Writer out, ObjectNode n) throws IOException {
        out.write(AnswerJson.line(n));
        out.write('\n');
    }

    private AnswerRecording() {
    }
}
