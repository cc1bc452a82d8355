package org.refvlm.data.synth;

import org.refvlm.data.PolygonRasterizer;

/** The full (unoccluded) silhouette of one object, kept only inside its bounding window to save work. */
record ObjectRaster(int x0, int y0, int w, int h, boolean[] pixels, int area) {

    static ObjectRaster of(SceneObject o, int imageW, int imageH) {
        double[][] poly = o.kind().outline(o.cx(), o.cy(), o.radius());
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int i = 0; i < poly[0].length; i++) {
            minX = Math.min(minX, poly[0][i]);
            maxX = Math.max(maxX, poly[0][i]);
            minY = Math.min(minY, poly[1][i]);
            maxY = Math.max(maxY, poly[1][i]);
        }
        int x0 = Math.max(0, (int) Math.floor(minX)), y0 = Math.max(0, (int) Math.floor(minY));
        int x1 = Math.min(imageW - 1, (int) Math.ceil(maxX)), y1 = Math.min(imageH - 1, (int) Math.ceil(maxY));
        int w = Math.max(1, x1 - x0 + 1), h = Math.max(1, y1 - y0 + 1);
        boolean[] px = new boolean[w * h];
        PolygonRasterizer.fill(poly[0], poly[1], px, x0, y0, w, h);
        int area = 0;
        for (boolean b : px) {
            if (b) {
                area++;
            }
        }
        return new ObjectRaster(x0, y0, w, h, px, area);
    }
}
