package org.refvlm.trainer.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.model.GenerationOptions;

/**
 * Answers each request with what {@code answer} makes of the next item it is about, in order (items
 * the evaluator did not ask, because it skipped or filtered them, are passed over).
 *
 * @param <T> what the evaluator asks about: an {@link EvalItem}, a turn
 */
public final class FakeRefVlm<T> implements RefVlm {

    private final Iterator<T> items;
    private final BiPredicate<T, Request> asksAbout;
    private final Function<T, Response> answer;

    public FakeRefVlm(List<T> items, BiPredicate<T, Request> asksAbout, Function<T, Response> answer) {
        this.items = items.iterator();
        this.asksAbout = asksAbout;
        this.answer = answer;
    }

    /** For REC and RES items: a request is about an item when it has its prompt and its picture. */
    static FakeRefVlm<EvalItem> of(List<EvalItem> items, Function<EvalItem, Response> answer) {
        return new FakeRefVlm<>(items, (item, r) -> item.prompt().equals(r.prompt()) && r.image().equals(read(item)), answer);
    }

    @Override
    public Response answer(Request request, GenerationOptions options) {
        while (items.hasNext()) {
            T item = items.next();
            if (asksAbout.test(item, request)) {
                return answer.apply(item);
            }
        }
        throw new AssertionError("asked about an image and prompt of no remaining item: " + request.prompt());
    }

    @Override
    public Response readAnswer(Request request, String answer) {
        throw new UnsupportedOperationException("evaluation generates");
    }

    private static RgbImage read(EvalItem item) {
        try {
            BufferedImage img = ImageIO.read(item.image().toFile());
            return img == null ? null : RgbImage.of(img);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
