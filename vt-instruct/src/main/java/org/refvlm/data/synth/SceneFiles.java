package org.refvlm.data.synth;

/** Where a scene's image and depth map are stored, relative to the dataset folder. */
public record SceneFiles(String imagePath, String depthPath) {
}
