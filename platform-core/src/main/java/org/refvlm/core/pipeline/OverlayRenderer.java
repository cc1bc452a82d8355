package org.refvlm.core.pipeline;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.CocoRle;
import org.refvlm.api.DecodedUnit;
import org.refvlm.api.DepthMap;
import org.refvlm.api.DepthUnit;
import org.refvlm.api.Keypoint;
import org.refvlm.api.KeypointsUnit;
import org.refvlm.api.MaskUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.RgbImage;
import org.refvlm.api.VisualPrompt;

/**
 * Draws an answer's decoded units over the original image: masks tinted at 45%, boxes outlined
 * with their phrase and index, keypoints as dots without a skeleton (filled when visible, hollow
 * when occluded, not drawn when not labelled: a decoder marks a point it places outside the image
 * that way). One colour per phrase. Each depth map of the image's size is drawn beside the picture,
 * in {@link DepthColours}' colour map with its phrase and range in metres; the picture is then wider
 * by one image width per depth map. The request's visual prompts, when given, are drawn last, in
 * white with a dark edge, so the picture shows what was marked as well as what was answered.
 */
public final class OverlayRenderer {

    private static final Color[] PALETTE = {
        new Color(230, 25, 75), new Color(60, 180, 75), new Color(0, 130, 200), new Color(245, 130, 48),
        new Color(145, 30, 180), new Color(70, 240, 240), new Color(240, 50, 230), new Color(210, 245, 60)};

    public BufferedImage render(RgbImage image, List<ReferredObject> objects) {
        return render(image, objects, List.of());
    }

    /** As {@link #render(RgbImage, List)}, with the request's visual prompts drawn over the picture. */
    public BufferedImage render(RgbImage image, List<ReferredObject> objects, List<VisualPrompt> prompts) {
        BufferedImage picture = render(image.toBufferedImage(), objects);
        drawPrompts(picture, prompts);
        List<ReferredObject> depths = objects.stream().filter(o -> o.error() == null && o.value() instanceof DepthUnit d
                && d.depth().width() == image.width() && d.depth().height() == image.height()).toList();
        if (depths.isEmpty()) {
            return picture;
        }
        BufferedImage out = new BufferedImage(image.width() * (1 + depths.size()), image.height(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(picture, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.min(image.width(), image.height()) / 30)));
        for (int i = 0; i < depths.size(); i++) {
            ReferredObject o = depths.get(i);
            DepthMap depth = ((DepthUnit) o.value()).depth();
            int left = image.width() * (i + 1);
            g.drawImage(DepthColours.picture(depth), left, 0, null);
            float[] range = DepthColours.range(depth);
            String label = String.format(Locale.ROOT, "%s [%d] depth %.2f-%.2f m (near warm, far cold)", o.phrase(),
                    o.index(), range[0], range[1]);
            // wrapped to the map's width: a narrow picture would otherwise cut the label off
            int textHeight = g.getFontMetrics().getHeight();
            List<String> lines = wrap(label, g.getFontMetrics(), image.width() - 6);
            for (int l = 0; l < lines.size(); l++) {
                g.setColor(new Color(0, 0, 0, 170));
                g.fillRect(left, l * textHeight, g.getFontMetrics().stringWidth(lines.get(l)) + 6, textHeight);
                g.setColor(Color.WHITE);
                g.drawString(lines.get(l), left + 3, (l + 1) * textHeight - g.getFontMetrics().getDescent());
            }
        }
        g.dispose();
        return out;
    }

    /** Words greedily into lines of at most {@code width} pixels; a word wider than that gets a line of its own. */
    static List<String> wrap(String text, java.awt.FontMetrics metrics, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String tried = line.isEmpty() ? word : line + " " + word;
            if (line.isEmpty() || metrics.stringWidth(tried) <= width) {
                line.setLength(0);
                line.append(tried);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    private BufferedImage render(BufferedImage out, List<ReferredObject> objects) {
        List<String> phrases = objects.stream().map(ReferredObject::phrase).distinct().toList();
        for (ReferredObject o : objects) {
            if (o.value() instanceof MaskUnit m) {
                tint(out, m, colour(phrases, o));
            }
        }
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.min(out.getWidth(), out.getHeight()) / 30)));
        for (ReferredObject o : objects) {
            DecodedUnit v = o.value();
            Color c = colour(phrases, o);
            if (v instanceof BoxUnit b) {
                box(g, b, c, o.phrase() + " [" + o.index() + "]");
            } else if (v instanceof KeypointsUnit k) {
                box(g, k.box(), c, o.phrase() + " [" + o.index() + "]");
                for (Keypoint p : k.keypoints()) {
                    dot(g, p, c);
                }
            }
        }
        g.dispose();
        return out;
    }

    /** Points as rings, boxes and scribbles as lines, masks as their edge pixels; each white over a dark edge. */
    private static void drawPrompts(BufferedImage out, List<VisualPrompt> prompts) {
        if (prompts.isEmpty()) {
            return;
        }
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int ring = Math.max(3, Math.min(out.getWidth(), out.getHeight()) / 50);
        for (boolean white : new boolean[] {false, true}) {
            // the dark pass is wider, so the white line stays visible on light and dark pictures alike
            g.setColor(white ? Color.WHITE : new Color(0, 0, 0, 200));
            g.setStroke(new BasicStroke(white ? 1.5f : 3.5f));
            for (VisualPrompt prompt : prompts) {
                if (prompt instanceof VisualPrompt.Point p) {
                    int x = (int) Math.round(p.x()), y = (int) Math.round(p.y());
                    g.drawOval(x - ring, y - ring, 2 * ring, 2 * ring);
                } else if (prompt instanceof VisualPrompt.Box b) {
                    g.drawRect((int) Math.round(b.x0()), (int) Math.round(b.y0()), (int) Math.round(b.x1() - b.x0()),
                            (int) Math.round(b.y1() - b.y0()));
                } else if (prompt instanceof VisualPrompt.Scribble s) {
                    for (int i = 0; i < s.points().size(); i++) {
                        VisualPrompt.Point a = s.points().get(Math.max(0, i - 1)), b = s.points().get(i);
                        g.drawLine((int) Math.round(a.x()), (int) Math.round(a.y()), (int) Math.round(b.x()),
                                (int) Math.round(b.y()));
                    }
                } else if (prompt instanceof VisualPrompt.Mask m && white) {
                    edge(out, m.mask());
                }
            }
        }
        g.dispose();
    }

    /** A mask prompt's edge: its pixels with a 4-neighbour outside it, in white. */
    private static void edge(BufferedImage out, CocoRle rle) {
        boolean[] mask = placed(rle, out);
        if (mask == null) {
            return;
        }
        int w = out.getWidth(), h = out.getHeight();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (mask[i] && (x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || !mask[i - 1] || !mask[i + 1] || !mask[i - w] || !mask[i + w])) {
                    out.setRGB(x, y, 0xffffff);
                }
            }
        }
    }

    private static Color colour(List<String> phrases, ReferredObject o) {
        return PALETTE[phrases.indexOf(o.phrase()) % PALETTE.length];
    }

    /** The mask's pixels, or null when it is of another size than the picture and cannot be placed (the JSON still has it). */
    private static boolean[] placed(CocoRle rle, BufferedImage out) {
        return rle.width() == out.getWidth() && rle.height() == out.getHeight() ? rle.decode() : null;
    }

    private static void tint(BufferedImage out, MaskUnit m, Color c) {
        boolean[] mask = placed(m.mask(), out);
        if (mask == null) {
            return;
        }
        int w = out.getWidth();
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                int x = i % w, y = i / w;
                int p = out.getRGB(x, y);
                int r = (int) (((p >> 16) & 0xff) * 0.55 + c.getRed() * 0.45);
                int gr = (int) (((p >> 8) & 0xff) * 0.55 + c.getGreen() * 0.45);
                int b = (int) ((p & 0xff) * 0.55 + c.getBlue() * 0.45);
                out.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
    }

    private static void box(Graphics2D g, BoxUnit b, Color c, String label) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        int x = (int) Math.round(b.x0()), y = (int) Math.round(b.y0());
        g.drawRect(x, y, (int) Math.round(b.x1() - b.x0()), (int) Math.round(b.y1() - b.y0()));
        int textWidth = g.getFontMetrics().stringWidth(label), textHeight = g.getFontMetrics().getHeight();
        int ty = Math.max(0, y - textHeight);
        g.fillRect(x, ty, textWidth + 6, textHeight);
        g.setColor(Color.WHITE);
        g.drawString(label, x + 3, ty + textHeight - g.getFontMetrics().getDescent());
    }

    private static void dot(Graphics2D g, Keypoint p, Color c) {
        if (!p.labelled()) {
            return;
        }
        int r = 3, x = (int) Math.round(p.x()), y = (int) Math.round(p.y());
        g.setColor(c);
        if (p.visibility() == Keypoint.VISIBLE) {
            g.fillOval(x - r, y - r, 2 * r, 2 * r);
        } else {
            g.drawOval(x - r, y - r, 2 * r, 2 * r);
        }
    }
}
