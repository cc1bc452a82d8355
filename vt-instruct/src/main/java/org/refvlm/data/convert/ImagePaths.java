package org.refvlm.data.convert;

import java.nio.file.Path;

/**
 * Image paths as stored in converted samples: relative to the output folder when possible, so a dataset
 * folder and its images can be moved together; absolute otherwise (different drive, say).
 */
final class ImagePaths {
    private final Path imagesRoot;
    private final Path outFolder;

    ImagePaths(Path imagesRoot, Path outFolder) {
        this.imagesRoot = imagesRoot.toAbsolutePath().normalize();
        this.outFolder = outFolder.toAbsolutePath().normalize();
    }

    String of(String fileName) {
        Path p = imagesRoot.resolve(fileName).normalize();
        try {
            return outFolder.relativize(p).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
    }
}
