package org.refvlm.data.convert;

import java.util.ArrayList;
import java.util.List;

/**
 * A Flickr30k Entities sentence split into plain text and entity mentions, from the markup
 * {@code [/EN#18/people A child] in [/EN#19/clothing a pink dress] ...}. A mention may carry several types
 * ({@code /EN#7/people/bodyparts}).
 */
record FlickrSentence(List<Segment> segments) {

    /** Either plain text (entityId null) or a mention of an entity. */
    record Segment(String text, String entityId, List<String> types) {
        boolean isMention() {
            return entityId != null;
        }
    }

    /** Parses one line; throws {@link IllegalArgumentException} with the column of the first markup error. */
    static FlickrSentence parse(String line) {
        List<Segment> out = new ArrayList<>();
        int pos = 0;
        while (pos < line.length()) {
            int open = line.indexOf('[', pos);
            int strayClose = line.indexOf(']', pos);
            if (strayClose >= 0 && (open < 0 || strayClose < open)) {
                throw new IllegalArgumentException("']' without '[' at column " + (strayClose + 1));
            }
            if (open < 0) {
                out.add(new Segment(line.substring(pos), null, List.of()));
                break;
            }
            if (open > pos) {
                out.add(new Segment(line.substring(pos, open), null, List.of()));
            }
            int close = line.indexOf(']', open);
            int nested = line.indexOf('[', open + 1);
            if (close < 0 || (nested >= 0 && nested < close)) {
                throw new IllegalArgumentException("'[' not closed at column " + (open + 1));
            }
            String inner = line.substring(open + 1, close);
            if (!inner.startsWith("/EN#")) {
                throw new IllegalArgumentException("mention does not start with /EN# at column " + (open + 1));
            }
            int space = inner.indexOf(' ');
            if (space < 0 || inner.substring(space + 1).replace('<', ' ').replace('>', ' ').isBlank()) {
                throw new IllegalArgumentException("mention without text at column " + (open + 1));
            }
            String[] tag = inner.substring(1, space).split("/");
            String id = tag[0].substring("EN#".length());
            if (id.isEmpty() || !id.chars().allMatch(Character::isDigit) || tag.length < 2) {
                throw new IllegalArgumentException("bad entity tag '" + inner.substring(0, space) + "' at column " + (open + 1));
            }
            List<String> types = List.of(tag).subList(1, tag.length);
            out.add(new Segment(inner.substring(space + 1), id, types));
            pos = close + 1;
        }
        return new FlickrSentence(out);
    }
}
