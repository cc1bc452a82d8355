"""Where do a REC model's phrases come from: the prompt, or the picture?

For every REC answer whose phrase names a shape, counts how often that shape is
- the shape the prompt asks for (the model copied it),
- the shape of some object in the answer's own picture (the model read the picture),
- the shape of some object in the next sample's picture (what a model that ignores the picture
  would score on the previous measure).

The objects of each picture are read from the same split made with `data synth --describe-scenes`,
whose prompts start with the scene in words.

    python3 session17-rec-phrase-in-picture.py EVAL/report.json DESCRIBED/samples.jsonl
"""
import json
import re
import sys

SHAPES = ["circle", "square", "triangle", "star", "diamond", "hexagon", "cross"]


def scene_words(sample):
    # The first sentence of a described prompt is "The picture shows ...".
    return sample["turns"][0]["user"].split(".")[0]


def main(report_path, described_path):
    described = [json.loads(line) for line in open(described_path)]
    position = {s["id"]: i for i, s in enumerate(described)}
    report = json.load(open(report_path))
    n = copied = in_picture = in_next = 0
    for answer in report["samples"]:
        phrase = re.search(r"<Phrase>(.*?)</Phrase>", answer["answer"])
        if not phrase or answer["id"] not in position:
            continue
        shapes = [s for s in SHAPES if s in phrase.group(1)]
        if not shapes:
            continue
        i = position[answer["id"]]
        n += 1
        copied += shapes[0] in answer["prompt"]
        in_picture += shapes[0] in scene_words(described[i])
        in_next += shapes[0] in scene_words(described[(i + 1) % len(described)])
    if n == 0:
        sys.exit("no answer names a shape")
    print(f"{n} answers naming a shape: the prompt's shape {copied / n:.3f}; "
          f"a shape in the picture {in_picture / n:.3f} (in the next picture {in_next / n:.3f})")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
