package org.refvlm.spark.convert;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.refvlm.data.SampleWriter;
import org.refvlm.data.convert.ConversionPart;
import org.refvlm.data.convert.ConvertOptions;
import org.refvlm.spark.ShardFile;

/**
 * One Spark task of a convert job: converts its part into shard {@code <stem>-<partition>.jsonl} of the
 * output folder. The shard is written whole or not at all ({@link ShardFile}) under a name that depends
 * only on the part, so a retried or speculative attempt replaces the shard instead of adding records.
 */
record ShardTask(String stem, int partition, PartConversion conversion) implements Serializable {

    /** Runs on an executor; returns the part's samples and problems for the driver's report. */
    ConversionPart run(ConvertSettings settings) throws IOException {
        ConvertOptions options = settings.options();
        Path shard = options.outFolder().resolve(ShardFile.name(stem, partition, "jsonl"));
        ConversionPart[] part = new ConversionPart[1];
        // streamed: a part's samples never sit in memory together
        ShardFile.write(shard, stream -> {
            SampleWriter out = new SampleWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)));
            part[0] = conversion.convert(options, out);
            out.flush();
        });
        return part[0];
    }
}
