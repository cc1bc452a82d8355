package org.refvlm.data.cli;

import org.refvlm.api.CocoRle;
import org.refvlm.core.pipeline.DepthColours;
import org.refvlm.data.BinaryMask;
import org.refvlm.data.Box;
import org.refvlm.data.BoxPrompt;
import org.refvlm.data.DepthMapRef;
import org.refvlm.data.Keypoint;
import org.refvlm.data.KeypointSet;
import org.refvlm.data.MaskPrompt;
import org.refvlm.data.PhraseGroup;
import org.refvlm.data.Point;
import org.refvlm.data.PointPrompt;
import org.refvlm.data.Sample;
import org.refvlm.data.ScribblePrompt;
import org.refvlm.data.Turn;
import org.refvlm.data.Unit;
import org.refvlm.data.VisualPrompt;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Draws a sample for a human to check: the picture (scaled up if small), every target an answer refers to in
 * the colour of its phrase (boxes, translucent masks, keypoints filled if visible and hollow if occluded),
 * other targets as thin grey boxes, visual prompts in magenta, the depth map beside the picture, and the
 * conversation underneath.
 */
final class SampleOverlay {
    private static final Color[] PALETTE = {
            new Color(0xE6194B), new Color(0x3CB44B), new Color(0x4363D8), new Color(0xF58231), new Color(0x911EB4),
            new Color(0x42D4F4), new Color(0xF032E6), new Color(0xBFEF45), new Color(0x469990), new Color(0x9A6324)};
    private static final Color PROMPT = new Color(255, 0, 200);
    private static final int TEXT_LINE = 16;

    private SampleOverlay() {
    }

    /** @param onlyTurn index of the one turn whose targets are drawn, or -1 for all turns */
    static BufferedImage draw(Sample s, Path base, int onlyTurn) throws IOException {
        BufferedImage picture = load(base, s.image().path());
        int w = s.image().sizeKnown() ? s.image().width() : (picture != null ? picture.getWidth() : 512);
        int h = s.image().sizeKnown() ? s.image().height() : (picture != null ? picture.getHeight() : 512);
        double sc = Math.max(1.0, 512.0 / Math.max(w, h));
        int pw = (int) Math.round(w * sc), ph = (int) Math.round(h * sc);
        BufferedImage depth = null;
        if (!s.targets().depthMaps().isEmpty()) {
            depth = load(base, s.targets().depthMaps().get(0).path());
        }
        List<String> text = conversationLines(s, Math.max(60, (depth != null ? 2 * pw : pw) / 7));
        int width = depth != null ? 2 * pw : pw;
        BufferedImage canvas = new BufferedImage(width, ph + 8 + TEXT_LINE * text.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (picture != null) {
            g.drawImage(picture, 0, 0, pw, ph, null);
        } else {
            g.setColor(Color.GRAY);
            g.fillRect(0, 0, pw, ph);
            g.setColor(Color.WHITE);
            g.drawString("image not found: " + s.image().path(), 8, 20);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        Set<Integer> referencedBoxes = new HashSet<>();
        int colour = 0;
        for (int ti = 0; ti < s.turns().size(); ti++) {
            if (onlyTurn >= 0 && ti != onlyTurn) {
                continue;
            }
            Turn t = s.turns().get(ti);
            for (PhraseGroup pg : t.groups()) {
                Color c = PALETTE[colour++ % PALETTE.length];
                for (int j = 0; j < pg.refCount(); j++) {
                    String label = pg.phrase() + " [" + j + "]";
                    for (Unit u : pg.units()) {
                        int idx = pg.refs().get(u).get(j);
                        switch (u) {
                            case BOX -> {
                                referencedBoxes.add(idx);
                                drawBox(g, s.targets().boxes().get(idx), sc, c, label);
                            }
                            case MASK -> {
                                CocoRle mask = s.targets().masks().get(idx);
                                drawMask(canvas, mask, sc, c, 0.5, false);
                                Box mb = Box.boundsOf(mask);
                                if (mb != null && !pg.units().contains(Unit.BOX)) {
                                    tag(g, label, mb.x0() * sc, mb.y0() * sc, c);
                                }
                            }
                            case KEYPOINT -> drawKeypoints(g, s.targets().keypoints().get(idx), sc, c, label);
                            case DEPTH -> drawDepth(g, depth, s.targets().depthMaps().get(idx), pw, ph);
                        }
                    }
                }
            }
        }
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i < s.targets().boxes().size(); i++) {
            if (!referencedBoxes.contains(i)) {
                Box b = s.targets().boxes().get(i);
                g.setColor(new Color(255, 255, 255, 150));
                g.draw(new Rectangle2D.Double(b.x0() * sc, b.y0() * sc, b.width() * sc, b.height() * sc));
            }
        }
        for (int k = 0; k < s.prompts().size(); k++) {
            if (onlyTurn < 0 || onlyTurn >= s.turns().size() || s.turns().get(onlyTurn).prompts().contains(k)) {
                drawPrompt(canvas, g, s.prompts().get(k), sc, "P" + k);
            }
        }
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        int y = ph + 4 + TEXT_LINE - 4;
        for (String line : text) {
            g.drawString(line, 4, y);
            y += TEXT_LINE;
        }
        g.dispose();
        return canvas;
    }

    private static BufferedImage load(Path base, String path) {
        Path p = Path.of(path);
        Path file = p.isAbsolute() ? p : base.resolve(p);
        try {
            return Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void drawBox(Graphics2D g, Box b, double sc, Color c, String label) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2.5f));
        g.draw(new Rectangle2D.Double(b.x0() * sc, b.y0() * sc, b.width() * sc, b.height() * sc));
        tag(g, label, b.x0() * sc, b.y0() * sc, c);
    }

    /** Translucent fill plus a solid outline, so a mask stays visible on an object of the same colour. */
    private static void drawMask(BufferedImage canvas, CocoRle rle, double sc, Color c, double alpha, boolean dashed) {
        BinaryMask m = BinaryMask.of(rle);
        int cw = Math.min(canvas.getWidth(), (int) Math.round(m.width() * sc));
        int ch = Math.min(canvas.getHeight(), (int) Math.round(m.height() * sc));
        for (int y = 0; y < ch; y++) {
            int my = Math.min(m.height() - 1, (int) (y / sc));
            for (int x = 0; x < cw; x++) {
                int mx = Math.min(m.width() - 1, (int) (x / sc));
                if (!m.pixels()[my * m.width() + mx]) {
                    continue;
                }
                int mxl = (int) ((x - 1) / sc), mxr = (int) ((x + 1) / sc), myu = (int) ((y - 1) / sc), myd = (int) ((y + 1) / sc);
                boolean edge = x == 0 || y == 0 || !m.get(mxl, my) || !m.get(mxr, my) || !m.get(mx, myu) || !m.get(mx, myd);
                if (edge) {
                    if (!dashed || ((x + y) / 4) % 2 == 0) {
                        canvas.setRGB(x, y, c.getRGB());
                    }
                    continue;
                }
                int o = canvas.getRGB(x, y);
                int r = (int) (((o >> 16) & 0xff) * (1 - alpha) + c.getRed() * alpha);
                int gg = (int) (((o >> 8) & 0xff) * (1 - alpha) + c.getGreen() * alpha);
                int b = (int) ((o & 0xff) * (1 - alpha) + c.getBlue() * alpha);
                canvas.setRGB(x, y, (r << 16) | (gg << 8) | b);
            }
        }
    }

    private static void drawKeypoints(Graphics2D g, KeypointSet k, double sc, Color c, String label) {
        g.setStroke(new BasicStroke(2f));
        boolean first = true;
        for (Keypoint kp : k.points()) {
            if (!kp.labelled()) {
                continue;
            }
            Ellipse2D dot = new Ellipse2D.Double(kp.x() * sc - 5, kp.y() * sc - 5, 10, 10);
            Ellipse2D ring = new Ellipse2D.Double(kp.x() * sc - 7, kp.y() * sc - 7, 14, 14);
            g.setColor(Color.BLACK);
            g.fill(ring);
            g.setColor(c);
            if (kp.visibility() == Keypoint.VISIBLE) {
                g.fill(dot); // visible: filled
            } else {
                g.setColor(Color.WHITE); // occluded: hollow
                g.draw(dot);
            }
            if (first) {
                tag(g, label, kp.x() * sc + 6, kp.y() * sc + 14, c);
                first = false;
            }
        }
    }

    private static void drawDepth(Graphics2D g, BufferedImage depth, DepthMapRef ref, int pw, int ph) {
        if (depth == null) {
            g.setColor(Color.RED);
            g.drawString("depth map not found: " + ref.path(), pw + 8, 20);
            return;
        }
        Raster r = depth.getRaster();
        int min = Integer.MAX_VALUE, max = 0;
        for (int y = 0; y < r.getHeight(); y++) {
            for (int x = 0; x < r.getWidth(); x++) {
                int v = r.getSample(x, y, 0);
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        BufferedImage colour = new BufferedImage(r.getWidth(), r.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < r.getHeight(); y++) {
            for (int x = 0; x < r.getWidth(); x++) {
                int v = r.getSample(x, y, 0);
                double t = max > min ? (v - min) / (double) (max - min) : 0;
                colour.setRGB(x, y, v == 0 ? 0 : DepthColours.nearWarmFarCold(t));
            }
        }
        g.drawImage(colour, pw, 0, pw, ph, null);
        g.setColor(Color.WHITE);
        g.drawString(String.format("depth %.2f-%.2f m (near warm, far cold)", min / ref.unitsPerMetre(), max / ref.unitsPerMetre()), pw + 8, 16);
    }

    private static void drawPrompt(BufferedImage canvas, Graphics2D g, VisualPrompt p, double sc, String label) {
        g.setColor(PROMPT);
        if (p instanceof PointPrompt pp) {
            Point pt = pp.point();
            double x = pt.x() * sc, y = pt.y() * sc;
            g.setStroke(new BasicStroke(3f));
            g.draw(new Line2D.Double(x - 8, y, x + 8, y));
            g.draw(new Line2D.Double(x, y - 8, x, y + 8));
            g.draw(new Ellipse2D.Double(x - 5, y - 5, 10, 10));
            tag(g, label, x + 8, y - 8, PROMPT);
        } else if (p instanceof BoxPrompt bp) {
            Box b = bp.box();
            g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{8f, 6f}, 0f));
            g.draw(new Rectangle2D.Double(b.x0() * sc, b.y0() * sc, b.width() * sc, b.height() * sc));
            tag(g, label, b.x1() * sc - 24, b.y1() * sc + 14, PROMPT);
        } else if (p instanceof ScribblePrompt sp) {
            g.setStroke(new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            List<Point> s = sp.stroke();
            for (int i = 1; i < s.size(); i++) {
                g.draw(new Line2D.Double(s.get(i - 1).x() * sc, s.get(i - 1).y() * sc, s.get(i).x() * sc, s.get(i).y() * sc));
            }
            tag(g, label, s.get(0).x() * sc + 6, s.get(0).y() * sc - 6, PROMPT);
        } else if (p instanceof MaskPrompt mp) {
            drawMask(canvas, mp.mask(), sc, PROMPT, 0.25, true);
            Box b = Box.boundsOf(mp.mask());
            if (b != null) {
                tag(g, label, b.x0() * sc, b.y1() * sc + 14, PROMPT);
            }
        }
    }

    private static void tag(Graphics2D g, String text, double x, double y, Color c) {
        int tw = g.getFontMetrics().stringWidth(text);
        int ix = (int) Math.max(0, x), iy = (int) Math.max(12, y);
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(ix, iy - 12, tw + 6, 15);
        g.setColor(c.brighter());
        g.drawString(text, ix + 3, iy);
    }

    private static List<String> conversationLines(Sample s, int width) {
        List<String> lines = new ArrayList<>();
        lines.add("task " + s.task().id() + "   id " + s.id() + "   source " + s.source());
        for (Turn t : s.turns()) {
            wrap("U: " + t.user() + (t.prompts().isEmpty() ? "" : "   [prompts " + t.prompts() + "]"), width, lines);
            String a = t.answer().replaceFirst("(?s)^<Task>.*?</Task>\\n?", "[task block] ");
            wrap("A: " + a, width, lines);
        }
        return lines;
    }

    private static void wrap(String text, int width, List<String> lines) {
        String rest = text.replace('\n', ' ');
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= 0) {
                cut = width;
            }
            lines.add(rest.substring(0, cut));
            rest = "   " + rest.substring(cut).strip();
        }
        lines.add(rest);
    }
}
