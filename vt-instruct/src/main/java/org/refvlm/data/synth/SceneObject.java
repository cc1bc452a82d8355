package org.refvlm.data.synth;

/**
 * One object as placed in a scene. The distance (metres from the camera) decides the drawing order: nearer
 * objects are drawn later and hide what lies behind them, and it is the object's value in the depth map.
 */
public record SceneObject(ShapeKind kind, ColourName colour, Texture texture, SizeClass size,
                          double cx, double cy, double radius, double distance) {
}
