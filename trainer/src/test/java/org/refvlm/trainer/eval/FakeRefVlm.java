package org.refvlm.trainer.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.model.GenerationOptions;

/**
 * Answers each request with what {@code answer} makes of its item: the next item of the data set,
 * in order, with the request's prompt and picture (items the evaluator skipped are passed over).
 */
final class FakeRefVlm implements RefVlm {

    private final Iterator<EvalItem> items;
    private final Function<EvalItem, Response> answer;

    FakeRefVlm(List<EvalItem> items, Function<EvalItem, Response> answer) {
        this.items = items.iterator();
        this.answer = answer;
    }

    @Override
    public Response answer(Request request, GenerationOptions options) {
        while (items.hasNext()) {
            EvalItem item = items.next();
            if (item.prompt().equals(request.prompt()) && request.image().equals(read(item))) {
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
