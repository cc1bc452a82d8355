package org.refvlm.core.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.TaskCommand;
import org.refvlm.api.VisualPrompt;
import org.refvlm.api.model.GenerationOptions;

/**
 * Answers a question about one object in two passes, for models trained so ({@link ModelFolder#lookAgain()}).
 * A small language model that reads a whole picture through a few image tokens often cannot tell
 * which object's colour a question asks for, but it copies a phrase and boxes it well, and it reads
 * the colour of a region it is given as a visual prompt. So a plain question ({@code vqa}, no
 * units, no visual prompts) is first asked with {@link #LOOK_COMMAND}, under which the model either
 * answers at once or grounds the object the question is about ("Look at the square [box]."). When it
 * grounds exactly one box whose phrase is in the question, the question is asked again with that
 * phrase replaced by {@code <region>} and the box as the region's visual prompt.
 *
 * <p>The answer is both passes' text ("Look at &lt;Phrase&gt;the square&lt;/Phrase&gt;(...). The answer is
 * blue."), so the response shows the box the answer was read from. When the first pass does not look
 * at one object, the question is answered as asked, with its own command, and that is the answer.
 */
public final class LookAgain implements RefVlm {

    /** The first pass's task command: a sentence that may ground one phrase in a box. */
    public static final TaskCommand LOOK_COMMAND = new TaskCommand("vqa", List.of("sentence", "phrase"),
            List.of(BoxUnit.UNIT));

    private final RefVlm delegate;

    public LookAgain(RefVlm delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Response answer(Request request, GenerationOptions options) {
        if (!plainQuestion(request)) {
            return delegate.answer(request, options);
        }
        Response look = delegate.answer(new Request(request.image(), request.prompt(), List.of(), LOOK_COMMAND), options);
        Optional<Request> again = secondQuestion(request, look);
        if (again.isEmpty()) {
            return delegate.answer(request, options);
        }
        Response answer = delegate.answer(again.get(), options);
        List<String> problems = new ArrayList<>(look.problems());
        for (String p : answer.problems()) {
            problems.add("second look: " + p);
        }
        return new Response(look.text().strip() + " " + answer.text().strip(), look.objects(), problems);
    }

    /** Reading a given answer has no second pass: the answer already says what it says. */
    @Override
    public Response readAnswer(Request request, String answer) {
        return delegate.readAnswer(request, answer);
    }

    /** A question the first pass applies to: the {@code vqa} command, no units and no visual prompts. */
    static boolean plainQuestion(Request request) {
        TaskCommand t = request.task();
        return t != null && t.name().equals(LOOK_COMMAND.name()) && t.units().isEmpty()
                && request.visualPrompts().isEmpty() && !request.prompt().contains(PromptAssembler.REGION);
    }

    /**
     * The question asked again: when the first pass boxed exactly one object, cleanly, and its phrase
     * is in the question, the question with that phrase (its first occurrence, in any case) replaced
     * by {@code <region>} and the box as the region.
     */
    static Optional<Request> secondQuestion(Request request, Response look) {
        if (look.objects().size() != 1 || !look.problems().isEmpty()) {
            return Optional.empty();
        }
        ReferredObject o = look.objects().get(0);
        if (!(o.value() instanceof BoxUnit b) || !(b.x1() > b.x0() && b.y1() > b.y0())) {
            return Optional.empty();
        }
        String phrase = o.phrase().strip();
        int at = phrase.isEmpty() ? -1 : request.prompt().toLowerCase(Locale.ROOT).indexOf(phrase.toLowerCase(Locale.ROOT));
        if (at < 0) {
            return Optional.empty();
        }
        String question = request.prompt().substring(0, at) + PromptAssembler.REGION
                + request.prompt().substring(at + phrase.length());
        return Optional.of(new Request(request.image(), question,
                List.of(new VisualPrompt.Box(b.x0(), b.y0(), b.x1(), b.y1())), request.task()));
    }
}
