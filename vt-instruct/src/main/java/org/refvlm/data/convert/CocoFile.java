package org.refvlm.data.convert;

import java.io.IOException;
import java.nio.file.Path;
import org.refvlm.data.SampleWriter;

/**
 * The COCO annotation files a conversion reads. Each is converted on its own into a samples file named
 * after it ({@code coco-instances.jsonl}, or its shards), and the name is also the source of its report.
 */
public enum CocoFile {
    INSTANCES("coco-instances"),
    CAPTIONS("coco-captions"),
    KEYPOINTS("coco-keypoints");

    private final String stem;

    CocoFile(String stem) {
        this.stem = stem;
    }

    /** File name without extension, and report source. */
    public String stem() {
        return stem;
    }

    /** Converts the images of {@code images} in {@code json}, a file of this kind. */
    public ConversionPart convert(CocoConverter converter, Path json, KeyRange images, SampleWriter out) throws IOException {
        return switch (this) {
            case INSTANCES -> converter.convertInstances(json, images, out);
            case CAPTIONS -> converter.convertCaptions(json, images, out);
            case KEYPOINTS -> converter.convertKeypoints(json, images, out);
        };
    }
}
