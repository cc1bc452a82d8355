package org.refvlm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.refvlm.api.BoxUnit;
import org.refvlm.api.RefVlm;
import org.refvlm.api.ReferredObject;
import org.refvlm.api.Request;
import org.refvlm.api.Response;
import org.refvlm.api.RgbImage;
import org.refvlm.api.TaskCommand;
import org.refvlm.api.VisualPrompt;
import org.refvlm.api.model.GenerationOptions;

/** The two passes: when the first pass boxes the question's subject, the question is asked again about that box. */
class LookAgainTest {

    private static final RgbImage IMAGE = new RgbImage(8, 8, new byte[8 * 8 * 3]);
    private static final TaskCommand VQA = TaskCommand.named("vqa").orElseThrow();
    private static final String LOOK = "Look at <Phrase>the square</Phrase>(<Unit>box</Unit>[0]<REF>).";
    private static final BoxUnit SQUARE = new BoxUnit(1, 2, 5, 6, 0.9);

    /** Answers with the scripted responses in turn and keeps every request it was asked. */
    private static final class Scripted implements RefVlm {
        final Deque<Response> answers = new ArrayDeque<>();
        final List<Request> asked = new ArrayList<>();

        Scripted(Response... answers) {
            this.answers.addAll(List.of(answers));
        }

        @Override
        public Response answer(Request request, GenerationOptions options) {
            asked.add(request);
            return answers.removeFirst();
        }

        @Override
        public Response readAnswer(Request request, String answer) {
            throw new UnsupportedOperationException();
        }
    }

    private static Response looked(ReferredObject... objects) {
        return new Response(LOOK, List.of(objects), List.of());
    }

    private static Response said(String text) {
        return new Response(text, List.of(), List.of());
    }

    private static Request question(String prompt) {
        return new Request(IMAGE, prompt, List.of(), VQA);
    }

    @Test
    void aBoxedSubjectIsAskedAboutAgainAsARegion() {
        Scripted model = new Scripted(looked(ReferredObject.decoded("the square", 0, SQUARE)), said("The answer is blue."));
        Response r = new LookAgain(model).answer(question("Tell me: What colour is the square?"), GenerationOptions.greedy(16));

        assertThat(model.asked).hasSize(2);
        assertThat(model.asked.get(0).task()).isEqualTo(LookAgain.LOOK_COMMAND);
        assertThat(model.asked.get(0).prompt()).isEqualTo("Tell me: What colour is the square?");
        Request again = model.asked.get(1);
        assertThat(again.prompt()).isEqualTo("Tell me: What colour is <region>?");
        assertThat(again.visualPrompts()).containsExactly(new VisualPrompt.Box(1, 2, 5, 6));
        assertThat(again.task()).isEqualTo(VQA);
        assertThat(r.text()).isEqualTo(LOOK + " The answer is blue.");
        assertThat(r.objects()).extracting(ReferredObject::value).containsExactly(SQUARE);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void theSubjectIsFoundInAnyCaseAndTheSecondPassesProblemsAreKept() {
        Scripted model = new Scripted(looked(ReferredObject.decoded("the square", 0, SQUARE)),
                new Response("The answer is", List.of(), List.of("answer 1:14: unfinished sentence")));
        Response r = new LookAgain(model).answer(question("The Square: what colour is it?"), GenerationOptions.greedy(16));
        assertThat(model.asked.get(1).prompt()).isEqualTo("<region>: what colour is it?");
        assertThat(r.problems()).containsExactly("second look: answer 1:14: unfinished sentence");
    }

    @Test
    void withoutOneCleanBoxNamedInTheQuestionTheQuestionIsAnsweredAsAsked() {
        ReferredObject square = ReferredObject.decoded("the square", 0, SQUARE);
        List<Response> firstPasses = List.of(
                said("The answer is 3."),                                                    // answered at once
                looked(ReferredObject.decoded("the circle", 0, SQUARE)),                     // not in the question
                looked(square, ReferredObject.decoded("the square", 1, SQUARE)),             // two objects
                looked(ReferredObject.failed("the square", "box", 0, "no box decoder")),     // no box
                looked(ReferredObject.decoded("the square", 0, new BoxUnit(3, 3, 3, 7, 0.5))), // an empty box
                new Response(LOOK, List.of(square), List.of("answer 1:3: unknown unit")));   // a malformed answer
        for (Response first : firstPasses) {
            Scripted model = new Scripted(first, said("The answer is red."));
            Request q = question("What colour is the square?");
            Response r = new LookAgain(model).answer(q, GenerationOptions.greedy(16));
            assertThat(model.asked).as(first.text()).hasSize(2);
            assertThat(model.asked.get(1)).isEqualTo(q);
            assertThat(r.text()).isEqualTo("The answer is red.");
        }
    }

    @Test
    void requestsThatAreNotPlainQuestionsGoStraightThrough() {
        List<Request> others = List.of(
                new Request(IMAGE, "Find the square.", List.of(), TaskCommand.named("grounding_detection").orElseThrow()),
                new Request(IMAGE, "What is <region>?", List.of(new VisualPrompt.Point(2, 2)), VQA),
                new Request(IMAGE, "What colour is the square?", List.of(), null),
                new Request(IMAGE, "What colour is the square?", List.of(), LookAgain.LOOK_COMMAND));
        for (Request q : others) {
            Scripted model = new Scripted(said("The answer is red."));
            assertThat(new LookAgain(model).answer(q, GenerationOptions.greedy(16)).text()).isEqualTo("The answer is red.");
            assertThat(model.asked).containsExactly(q);
        }
    }

    @Test
    void theFirstPassCommandIsAVqaAnswerThatMayGroundABox() {
        assertThat(LookAgain.LOOK_COMMAND.render()).isEqualTo("Task Command:\n- task name: vqa\n"
                + "- answer element: sentence, phrase, unit\n- unit: <Unit>box</Unit>\n\n");
    }
}
