package org.refvlm.spark.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.refvlm.data.cli.ConvertArguments;
import org.refvlm.data.cli.Flickr30kArguments;
import org.refvlm.data.convert.ConvertOptions;
import org.refvlm.data.convert.Flickr30kConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code refvlm-spark convert flickr30k}. Flickr30k Entities is a file pair per image, so the units are the
 * images: the driver lists them ({@code --ids}, else the sentence files by name) and task p converts the
 * p-th run of consecutive images, reading only their files.
 */
@Command(name = "flickr30k", description = "Flickr30k Entities grounded captions over Spark partitions; "
        + "same arguments and samples as 'data convert flickr30k'.")
final class Flickr30kJob extends SourceJob {

    @Mixin
    private Flickr30kArguments flickr;

    @Override
    protected ConvertOptions options(ConvertArguments common) {
        return common.options(Flickr30kConverter.TASKS);
    }

    @Override
    protected List<SamplesFile> plan() throws IOException {
        List<String> images = Flickr30kConverter.imageIds(flickr.sentences(), flickr.ids());
        String annotations = flickr.annotations().toAbsolutePath().toString();
        String sentences = flickr.sentences().toAbsolutePath().toString();
        int n = images.size();
        return List.of(new SamplesFile(Flickr30kArguments.STEM, n, p -> IntStream.range(0, p)
                .mapToObj(i -> part(annotations, sentences, List.copyOf(images.subList(n * i / p, n * (i + 1) / p)))).toList()));
    }

    private static PartConversion part(String annotations, String sentences, List<String> images) {
        return (options, out) -> new Flickr30kConverter(options).convertImages(Path.of(annotations), Path.of(sentences), images, out);
    }
}
