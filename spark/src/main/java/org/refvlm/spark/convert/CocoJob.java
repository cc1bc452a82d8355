package org.refvlm.spark.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.refvlm.data.cli.CocoArguments;
import org.refvlm.data.cli.ConvertArguments;
import org.refvlm.data.convert.CocoConverter;
import org.refvlm.data.convert.CocoFile;
import org.refvlm.data.convert.ConvertOptions;
import org.refvlm.data.convert.KeyRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code refvlm-spark convert coco}. An annotation file is one JSON document whose annotations come in no
 * useful order, so it cannot be cut into byte ranges: the driver reads the file's images list, cuts the
 * image ids into {@link KeyRange}s of about equal size, and every task streams the file, keeping and
 * converting the annotations of its own images. Each given file is its own samples file and its own parts.
 */
@Command(name = "coco", description = "COCO instances, captions and keypoints over Spark partitions (--partitions parts per file); "
        + "same arguments and samples as 'data convert coco'.")
final class CocoJob extends SourceJob {

    @Mixin
    private CocoArguments coco;

    @Override
    protected ConvertOptions options(ConvertArguments common) {
        coco.files();
        return common.options(CocoArguments.tasks());
    }

    @Override
    protected List<SamplesFile> plan() throws java.io.IOException {
        List<SamplesFile> files = new ArrayList<>();
        for (Map.Entry<CocoFile, Path> f : coco.files().entrySet()) {
            long[] images = CocoConverter.imageIds(f.getValue());
            String json = f.getValue().toAbsolutePath().toString();
            CocoFile kind = f.getKey();
            files.add(new SamplesFile(kind.stem(), images.length,
                    p -> KeyRange.split(images, p).stream().map(r -> part(kind, json, r)).toList()));
        }
        return files;
    }

    private static PartConversion part(CocoFile kind, String json, KeyRange images) {
        return (options, out) -> kind.convert(new CocoConverter(options), Path.of(json), images, out);
    }
}
