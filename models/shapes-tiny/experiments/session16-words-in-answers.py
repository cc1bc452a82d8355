"""Which of the picture's facts reach a model's words (session 16; an analysis script, not product code).

captions REPORT.json
    For `eval --task caption` reports: of the colour, shape and pattern words a caption uses, the
    share that name something the reference caption names too (the reference lists every object).
    The same share against the next picture's reference is the baseline of a model that ignores
    the picture but has learned which words captions use.

colours ANSWERS.jsonl DESCRIBED_SAMPLES.jsonl
    For `eval --task vqa --answers-out` answers on a split made with `data synth --describe-scenes`
    (the same seed and options as the split asked, so that each turn's prompt holds the scene in
    words): for the colour questions, the share answered right, and the share whose answer is a
    colour of some object in the picture. A model that reads colours but cannot tell which object
    has which answers the second far more often than the first.

rec-phrases REPORT.json DESCRIBED_SAMPLES.jsonl
    For `eval --task rec` reports (added in session 17), with the same split made with
    `--describe-scenes`: of the answers whose phrase names a shape, the share naming the prompt's
    shape (copied), a shape of some object in the picture (read), and a shape of some object in
    the next sample's picture (the baseline of a model that ignores the picture).

vqa-types REPORT.json DESCRIBED_SAMPLES.jsonl
    For `eval --task vqa` reports (added in session 23), with the same split made with
    `--describe-scenes`: accuracy (exact answer) per question type (colour, count, existence,
    where, relation), and for the colour questions the share answered with a colour some object
    in the picture has.
"""
import json
import re
import sys

COLOURS = {"red", "green", "blue", "yellow", "orange", "purple", "pink", "cyan", "white", "black"}
SHAPES = {"circle", "square", "triangle", "star", "diamond", "hexagon", "cross"}
PATTERNS = {"striped", "dotted"}


def words(text, vocabulary):
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w in vocabulary}


def captions(report_path):
    samples = json.load(open(report_path))["samples"]
    for name, vocabulary in (("colour", COLOURS), ("shape", SHAPES), ("pattern", PATTERNS)):
        def precision(shift):
            hit = total = 0
            for i, s in enumerate(samples):
                said = words(s["answer"], vocabulary)
                there = words(samples[(i + shift) % len(samples)]["expected"], vocabulary)
                hit += len(said & there)
                total += len(said)
            return hit / max(total, 1)
        print(f"{name:8s} words naming something in the picture: {precision(0):.3f}"
              f"   (against the next picture's reference: {precision(1):.3f})")


def scene_of(prompt):
    """The scene in words that `--describe-scenes` puts before a prompt, lower case."""
    return prompt.lower().split("the picture shows", 1)[1].split(".", 1)[0]


def answer_of(text):
    return text.split("The answer is")[-1].strip(" .").lower()


def turns_by_key(described_path):
    """Each turn of a described split, by "SAMPLE_ID#TURN" (the key eval's answers and reports use)."""
    turns = {}
    for line in open(described_path):
        s = json.loads(line)
        for k, t in enumerate(s["turns"]):
            turns[f"{s['id']}#{k}"] = t
    return turns


def colours(answers_path, described_path):
    turns = turns_by_key(described_path)
    asked = right = present = 0
    chance = 0.0
    for line in open(answers_path):
        a = json.loads(line)
        if "key" not in a:
            continue
        turn = turns[a["key"].split("/", 1)[1]]
        question = turn["user"].lower()
        if "colour" not in question and "color" not in question:
            continue
        scene = scene_of(question)
        got = answer_of(a["response"]["text"])
        asked += 1
        right += got == answer_of(turn["answer"])
        present += got in words(scene, COLOURS)
        chance += len(words(scene, COLOURS)) / len(COLOURS)
    print(f"{asked} colour questions: right {right / asked:.3f}; "
          f"answered with a colour some object in the picture has {present / asked:.3f} "
          f"(a colour drawn at random: {chance / asked:.3f})")


def rec_phrases(report_path, described_path):
    described = [json.loads(line) for line in open(described_path)]
    position = {s["id"]: i for i, s in enumerate(described)}
    n = copied = in_picture = in_next = 0
    for answer in json.load(open(report_path))["samples"]:
        phrase = re.search(r"<Phrase>(.*?)</Phrase>", answer["answer"])
        named = words(phrase.group(1), SHAPES) if phrase else set()
        if not named or answer["id"] not in position:
            continue
        i = position[answer["id"]]
        n += 1
        copied += bool(named & words(answer["prompt"], SHAPES))
        in_picture += bool(named & words(scene_of(described[i]["turns"][0]["user"]), SHAPES))
        in_next += bool(named & words(scene_of(described[(i + 1) % len(described)]["turns"][0]["user"]), SHAPES))
    if n == 0:
        sys.exit("no answer names a shape")
    print(f"{n} answers naming a shape: the prompt's shape {copied / n:.3f}; "
          f"a shape in the picture {in_picture / n:.3f} (in the next picture {in_next / n:.3f})")


def question_type(question):
    q = question.lower()
    if "colour" in q or "color" in q:
        return "colour"
    if "how many" in q:
        return "count"
    if q.startswith("is there") or " is there " in q or "are there" in q:
        return "existence"
    if "where" in q:
        return "where"
    return "relation"


def vqa_types(report_path, described_path):
    turns = turns_by_key(described_path)
    asked, right = {}, {}
    colour_present = 0
    for answer in json.load(open(report_path))["samples"]:
        kind = question_type(answer["prompt"])
        got = answer_of(answer["answer"])
        asked[kind] = asked.get(kind, 0) + 1
        right[kind] = right.get(kind, 0) + (got == answer_of(answer["expected"]))
        if kind == "colour" and answer["id"] in turns:
            colour_present += got in words(scene_of(turns[answer["id"]]["user"]), COLOURS)
    for kind in sorted(asked):
        print(f"{kind:10s} {asked[kind]:4d} questions, right {right[kind] / asked[kind]:.3f}")
    if asked.get("colour"):
        print(f"colour answers naming a colour in the picture: {colour_present / asked['colour']:.3f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "captions":
        captions(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "colours":
        colours(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "rec-phrases":
        rec_phrases(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "vqa-types":
        vqa_types(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
