"""Writes a tiny RefCOCO-style fixture under src/test/resources/org/refvlm/data/convert/refcoco/:
refs(unc).p, a pickle shaped like the refer toolkit's (a list of dicts with sent_ids, file_name, ann_id,
ref_id, image_id, split, sentences[{tokens, raw, sent_id, sent}], category_id), and instances.json, the COCO
subset it points into. Protocol 2, as the originals were written by Python 2's cPickle.
Some records are broken on purpose; the Java test expects each to be reported. Run:
    python3 src/test/python/make_refcoco_fixture.py
The outputs are committed; tests never run Python."""
import json
import os
import pickle

here = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "refvlm", "data", "convert", "refcoco")


def sentence(sid, text):
    return {"tokens": text.split(), "raw": text.capitalize(), "sent_id": sid, "sent": text}


refs = [
    {"sent_ids": [0, 1], "file_name": "COCO_train2014_000000000009_1.jpg", "ann_id": 101, "ref_id": 0,
     "image_id": 9, "split": "train", "sentences": [sentence(0, "left zebra"), sentence(1, "zebra on the left")],
     "category_id": 24},
    {"sent_ids": [2], "file_name": "COCO_train2014_000000000009_2.jpg", "ann_id": 102, "ref_id": 1,
     "image_id": 9, "split": "val", "sentences": [sentence(2, "zebra right")], "category_id": 24},
    {"sent_ids": [3], "file_name": "COCO_train2014_000000000025_3.jpg", "ann_id": 201, "ref_id": 2,
     "image_id": 25, "split": "testA", "sentences": [sentence(3, "man in red shirt")], "category_id": 1},
    # broken: annotation id not in instances.json
    {"sent_ids": [4], "file_name": "x.jpg", "ann_id": 999, "ref_id": 3, "image_id": 25, "split": "val",
     "sentences": [sentence(4, "ghost")], "category_id": 1},
    # broken: no ann_id at all
    {"sent_ids": [5], "file_name": "x.jpg", "ref_id": 4, "image_id": 25, "split": "val",
     "sentences": [sentence(5, "nothing")], "category_id": 1},
    # broken: a sentence without text, next to a good one
    {"sent_ids": [6, 7], "file_name": "COCO_train2014_000000000025_4.jpg", "ann_id": 202, "ref_id": 5,
     "image_id": 25, "split": "val", "sentences": [{"sent_id": 6, "tokens": []}, sentence(7, "the small dog")],
     "category_id": 18},
]
with open(os.path.join(here, "refs(unc).p"), "wb") as f:
    pickle.dump(refs, f, protocol=2)

instances = {
    "info": {"description": "fixture"},
    "images": [
        {"id": 9, "file_name": "COCO_train2014_000000000009.jpg", "width": 64, "height": 48},
        {"id": 25, "file_name": "COCO_train2014_000000000025.jpg", "width": 80, "height": 60},
    ],
    "annotations": [
        {"id": 101, "image_id": 9, "category_id": 24, "bbox": [2.0, 4.0, 20.0, 30.0], "area": 600.0, "iscrowd": 0,
         "segmentation": [[2.0, 4.0, 22.0, 4.0, 22.0, 34.0, 2.0, 34.0]]},
        {"id": 102, "image_id": 9, "category_id": 24, "bbox": [30.0, 5.0, 25.0, 25.0], "area": 400.0, "iscrowd": 0,
         "segmentation": [[30.0, 5.0, 55.0, 5.0, 42.0, 30.0]]},
        {"id": 201, "image_id": 25, "category_id": 1, "bbox": [10.0, 10.0, 30.0, 40.0], "area": 1200.0,
         "iscrowd": 0, "segmentation": [[10.0, 10.0, 40.0, 10.0, 40.0, 50.0, 10.0, 50.0]]},
        {"id": 202, "image_id": 25, "category_id": 18, "bbox": [50.0, 30.0, 20.0, 20.0], "area": 400.0,
         "iscrowd": 0, "segmentation": {"size": [60, 80], "counts": [3030] + [20, 40] * 19 + [20, 610]}},
    ],
    "categories": [{"id": 1, "name": "person", "supercategory": "person"},
                   {"id": 18, "name": "dog", "supercategory": "animal"},
                   {"id": 24, "name": "zebra", "supercategory": "animal"}],
}
with open(os.path.join(here, "instances.json"), "w") as f:
    json.dump(instances, f, indent=1)
print("wrote", here)


def py2_protocol0(obj):
    """Pickles obj the way Python 2's pickle/cPickle does with its default protocol 0, where text is a byte
    string (STRING opcode S'...'), which is how the refer toolkit's original refs(*).p files are written.
    Python 3 cannot produce this itself (its str pickles as UNICODE), so the opcodes are written here."""
    out = []

    def w(o):
        if isinstance(o, bool):
            out.append("I0%d\n" % int(o))
        elif isinstance(o, int):
            out.append("I%d\n" % o)
        elif isinstance(o, str):
            out.append("S%s\n" % repr(o))
        elif isinstance(o, list):
            out.append("(l")
            for e in o:
                w(e)
                out.append("a")
        elif isinstance(o, dict):
            out.append("(d")
            for k, v in o.items():
                w(k)
                w(v)
                out.append("s")
        else:
            raise TypeError(type(o))

    # "(l" is MARK + LIST (an empty list), "a" appends; "(d" is MARK + DICT, "s" sets an item
    w(obj)
    out.append(".")
    return "".join(out).encode("latin-1")


with open(os.path.join(here, "refs(py2).p"), "wb") as f:
    f.write(py2_protocol0(refs[:3]))
assert pickle.loads(py2_protocol0(refs[:3]), encoding="latin-1") == refs[:3]


def py2_protocol2(obj):
    """The same as Python 2's pickle with protocol 2: byte strings as SHORT_BINSTRING / BINSTRING."""
    out = bytearray(b"\x80\x02")

    def w(o):
        if isinstance(o, int) and 0 <= o < 256:
            out.extend(b"K" + bytes([o]))
        elif isinstance(o, int):
            out.extend(b"J" + o.to_bytes(4, "little", signed=True))
        elif isinstance(o, str):
            data = o.encode("latin-1")
            out.extend((b"U" + bytes([len(data)])) if len(data) < 256 else (b"T" + len(data).to_bytes(4, "little")))
            out.extend(data)
        elif isinstance(o, list):
            out.extend(b"](")
            for e in o:
                w(e)
            out.extend(b"e")
        elif isinstance(o, dict):
            out.extend(b"}(")
            for k, v in o.items():
                w(k)
                w(v)
            out.extend(b"u")
        else:
            raise TypeError(type(o))

    w(obj)
    out.extend(b".")
    return bytes(out)


with open(os.path.join(here, "refs(py2-protocol2).p"), "wb") as f:
    f.write(py2_protocol2(refs[:3]))
assert pickle.loads(py2_protocol2(refs[:3]), encoding="latin-1") == refs[:3]
