package org.refvlm.trainer.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The self-test's picture, drawn rather than shipped: a yellow circle and a blue square on grey,
 * like a scene of the synthetic world the default model learned from. Its answer does not matter,
 * only that every device gives the same one.
 */
final class SelfTestPicture {

    private SelfTestPicture() {
    }

    static BufferedImage draw() {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(128, 128, 128));
            g.fillRect(0, 0, 256, 256);
            g.setColor(new Color(240, 220, 40));
            g.fillOval(70, 120, 56, 56);
            g.setColor(new Color(40, 70, 220));
            g.fillRect(160, 40, 50, 50);
        } finally {
            g.dispose();
        }
        return image;
    }
}
