#!/usr/bin/env python3
"""Session 26's "look again" measurement (issue 19; an analysis aid, not product code).

For every colour question ("What colour is the X?") and position question ("Where is X in the
picture?") of a VT-Instruct VQA folder, asks a running `bin/refvlm serve` two ways:
  direct - the question as the sample words it (task vqa);
  look   - first "Find X and give its bounding box." (task grounding_detection), then the box
           it answers as a box prompt with "What colour is <region>? Give a short answer." or
           "Where is <region> in the picture? Give a short answer.".
A question whose first pass gives no box is scored wrong, and counted.
Usage: look_again.py URL DATA_FOLDER [LIMIT_PER_KIND]
"""
import json, re, subprocess, sys

KINDS = {
    "colour": (r"What colour is (the \w+)\?", "What colour is <region>? Give a short answer."),
    "position": (r"Where is (the [\w -]+?) in the picture\?", "Where is <region> in the picture? Give a short answer."),
}


def ask(url, image, prompt, task, prompts=None):
    cmd = ["curl", "-s", "-F", "image=@" + image, "-F", "prompt=" + prompt, "-F", "task=" + task]
    if prompts:
        cmd += ["-F", "prompts=" + json.dumps(prompts)]
    out = subprocess.run(cmd + [url + "/api/ask"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def answer_of(text):
    """What follows "The answer is", without the full stop: the VQA's short answer."""
    m = re.search(r"The answer is (.*?)\.?\s*$", text.split("</Task>")[-1].strip())
    return m.group(1).strip().lower() if m else None


def main():
    url, folder = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 10 ** 9
    tally = {k: {"n": 0, "direct": 0, "look": 0, "nobox": 0} for k in KINDS}
    with open(folder + "/samples.jsonl") as f:
        for line in f:
            s = json.loads(line)
            image = folder + "/" + s["image"]["path"]
            for t in s["turns"]:
                for kind, (pattern, region_question) in KINDS.items():
                    m = re.search(pattern, t["user"])
                    c = tally[kind]
                    if not m or c["n"] >= limit:
                        continue
                    truth = answer_of(t["answer"])
                    c["n"] += 1
                    c["direct"] += answer_of(ask(url, image, t["user"].replace("<image>", ""), "vqa")["text"]) == truth
                    g = ask(url, image, "Find %s and give its bounding box." % m.group(1), "grounding_detection")
                    boxes = [o["box"] for o in g["objects"] if "box" in o]
                    if not boxes:
                        c["nobox"] += 1
                        continue
                    x0, y0, x1, y1 = boxes[0]
                    r = ask(url, image, region_question, "vqa",
                            [{"type": "box", "x0": x0, "y0": y0, "x1": x1, "y1": y1}])
                    c["look"] += answer_of(r["text"]) == truth
    for kind, c in tally.items():
        if c["n"]:
            print("%s questions %d: direct %.3f, look again %.3f (no box in the first pass: %d)"
                  % (kind, c["n"], c["direct"] / c["n"], c["look"] / c["n"], c["nobox"]))


if __name__ == "__main__":
    main()
