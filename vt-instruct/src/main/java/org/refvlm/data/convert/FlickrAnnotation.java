package org.refvlm.data.convert;

import org.refvlm.data.Box;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flickr30k Entities {@code Annotations/<id>.xml} file: the image's name and size and, per entity id, its
 * boxes. Boxes are stored 1-based and inclusive (Pascal VOC style) and are turned into 0-based exclusive
 * pixel corners. Objects marked {@code nobndbox} or {@code scene} have no box.
 */
record FlickrAnnotation(String fileName, int width, int height, Map<String, List<Box>> boxes) {

    private static final XMLInputFactory FACTORY = createFactory();

    private static XMLInputFactory createFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // annotation files need neither; refusing them keeps crafted files from reaching out
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    /** Throws {@link IllegalArgumentException} with the line of the problem. */
    static FlickrAnnotation read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = FACTORY.createXMLStreamReader(in);
            try {
                return parse(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            throw new IllegalArgumentException("line " + line + ": malformed XML: " + e.getMessage().replaceAll("\\s+", " "));
        }
    }

    private static FlickrAnnotation parse(XMLStreamReader r) throws XMLStreamException {
        String fileName = null;
        int width = -1, height = -1;
        Map<String, List<Box>> boxes = new HashMap<>();
        List<String> names = null;
        Map<String, String> box = null;
        List<String> path = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                String name = r.getLocalName();
                path.add(name);
                text.setLength(0);
                if (name.equals("object")) {
                    names = new ArrayList<>();
                    box = null;
                } else if (name.equals("bndbox")) {
                    box = new HashMap<>();
                }
            } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                text.append(r.getText());
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                String name = r.getLocalName();
                String value = text.toString().strip();
                String parent = path.size() >= 2 ? path.get(path.size() - 2) : "";
                int line = r.getLocation().getLineNumber();
                switch (name) {
                    case "filename" -> fileName = value;
                    case "width" -> {
                        if (parent.equals("size")) {
                            width = integer(value, "width", line);
                        }
                    }
                    case "height" -> {
                        if (parent.equals("size")) {
                            height = integer(value, "height", line);
                        }
                    }
                    case "name" -> {
                        if (names != null) {
                            names.add(value);
                        }
                    }
                    case "xmin", "ymin", "xmax", "ymax" -> {
                        if (box != null) {
                            box.put(name, value);
                        }
                    }
                    case "object" -> {
                        if (box != null && names != null) {
                            if (box.size() != 4) {
                                throw new IllegalArgumentException("line " + line + ": bndbox needs xmin, ymin, xmax, ymax");
                            }
                            double x0 = integer(box.get("xmin"), "xmin", line) - 1, y0 = integer(box.get("ymin"), "ymin", line) - 1;
                            double x1 = integer(box.get("xmax"), "xmax", line), y1 = integer(box.get("ymax"), "ymax", line);
                            if (x1 <= x0 || y1 <= y0) {
                                throw new IllegalArgumentException("line " + line + ": empty box");
                            }
                            for (String id : names) {
                                boxes.computeIfAbsent(id, k -> new ArrayList<>()).add(new Box(x0, y0, x1, y1));
                            }
                        }
                        names = null;
                        box = null;
                    }
                    default -> {
                    }
                }
                path.remove(path.size() - 1);
                text.setLength(0);
            }
        }
        if (fileName == null || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("missing filename or image size");
        }
        return new FlickrAnnotation(fileName, width, height, boxes);
    }

    private static int integer(String v, String what, int line) {
        try {
            return (int) Math.round(Double.parseDouble(v));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("line " + line + ": " + what + " is not a number: '" + v + "'");
        }
    }
}
