package org.refvlm.trainer.eval.tasks;

import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.refvlm.api.RefVlm;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.model.GenerationOptions;

/**
 * Answers the turns in the order the evaluator asks them with what {@code answer} makes of each,
 * checking that the request is the turn's (its prompt and its visual prompts).
 */
final class ScriptedRefVlm implements RefVlm {

    private final Iterator<TurnItem> items;
    private final Function<TurnItem, Response> answer;

    ScriptedRefVlm(List<TurnItem> asked, Function<TurnItem, Response> answer) {
        this.items = asked.iterator();
        this.answer = answer;
    }

    @Override
    public Response answer(Request request, GenerationOptions options) {
        if (!items.hasNext()) {
            throw new AssertionError("asked more than the turns: " + request.prompt());
        }
        TurnItem item = items.next();
        if (!item.prompt().equals(request.prompt()) || !item.prompts().equals(request.visualPrompts())) {
            throw new AssertionError("asked '" + request.prompt() + "', expected the turn " + item.key());
        }
        return answer.apply(item);
    }

    @Override
    public Response readAnswer(Request request, String answer) {
        throw new UnsupportedOperationException("evaluation generates");
    }
}
