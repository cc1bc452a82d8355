package org.refvlm.spark.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.refvlm.data.cli.ConvertArguments;
import org.refvlm.data.cli.RefCocoArguments;
import org.refvlm.data.convert.ConvertOptions;
import org.refvlm.data.convert.RefCocoConverter;
import org.refvlm.data.convert.Slice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code refvlm-spark convert refcoco}. The units are the refs the pickle holds (of the splits kept): the
 * driver counts them and task p converts {@link Slice} p. A pickle cannot be read in pieces, so every task
 * loads it (tens of megabytes for the refer toolkit's files) and streams the instances file, keeping the
 * annotations its refs point at.
 */
@Command(name = "refcoco", description = "RefCOCO, RefCOCO+ or RefCOCOg referring expressions over Spark partitions; "
        + "same arguments and samples as 'data convert refcoco'.")
final class RefCocoJob extends SourceJob {

    @Mixin
    private RefCocoArguments refcoco;

    @Override
    protected ConvertOptions options(ConvertArguments common) {
        return common.options(RefCocoConverter.TASKS);
    }

    @Override
    protected List<SamplesFile> plan() throws IOException {
        int refs = RefCocoConverter.refCount(refcoco.refs(), refcoco.splits());
        String pickle = refcoco.refs().toAbsolutePath().toString();
        String instances = refcoco.instances().toAbsolutePath().toString();
        String dataset = refcoco.dataset();
        Set<String> splits = refcoco.splits();
        return List.of(new SamplesFile(dataset, refs, p -> IntStream.range(0, p)
                .mapToObj(i -> part(pickle, instances, dataset, splits, new Slice(i, p))).toList()));
    }

    private static PartConversion part(String pickle, String instances, String dataset, Set<String> splits, Slice slice) {
        return (options, out) -> new RefCocoConverter(options).convert(Path.of(pickle), Path.of(instances), dataset, splits, slice, out);
    }
}
