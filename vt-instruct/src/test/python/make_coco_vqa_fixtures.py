"""Writes tiny COCO (instances, captions, person keypoints) and VQAv2 (questions, annotations) files in the
original layouts under src/test/resources/org/refvlm/data/convert/, compressed RLE made by pycocotools.
Some records are broken on purpose; the Java tests expect each to be reported with its line. Run:
    python3 src/test/python/make_coco_vqa_fixtures.py      (needs numpy and pycocotools)
The outputs are committed; tests never run Python."""
import json
import os

import numpy as np
from pycocotools import mask as cocomask

root = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "refvlm", "data", "convert")
info = {"description": "fixture", "version": "1.0", "year": 2017}
licenses = [{"id": 1, "name": "fixture licence", "url": ""}]
images = [
    {"license": 1, "file_name": "000000000139.jpg", "height": 48, "width": 64, "id": 139},
    {"license": 1, "file_name": "000000000285.jpg", "height": 40, "width": 40, "id": 285},
    {"license": 1, "file_name": "000000000632.jpg", "height": 30, "id": 632},  # broken: no width
]
categories = [{"supercategory": "person", "id": 1, "name": "person"},
              {"supercategory": "animal", "id": 18, "name": "dog"},
              {"supercategory": "animal", "id": 17, "name": "cat"}]

m = np.zeros((40, 40), dtype=np.uint8)
m[5:25, 10:30] = 1
compressed = cocomask.encode(np.asfortranarray(m))
compressed["counts"] = compressed["counts"].decode("ascii")

annotations = [
    {"segmentation": [[4.0, 4.0, 30.0, 4.0, 30.0, 40.0, 4.0, 40.0]], "area": 936.0, "iscrowd": 0,
     "image_id": 139, "bbox": [4.0, 4.0, 26.0, 36.0], "category_id": 1, "id": 1001},
    {"segmentation": [[34.0, 10.0, 60.0, 10.0, 47.0, 30.0], [50.0, 35.0, 60.0, 35.0, 55.0, 45.0]], "area": 300.0,
     "iscrowd": 0, "image_id": 139, "bbox": [34.0, 10.0, 26.0, 35.0], "category_id": 18, "id": 1002},
    {"segmentation": [[36.0, 2.0, 44.0, 2.0, 44.0, 8.0, 36.0, 8.0]], "area": 48.0, "iscrowd": 0,
     "image_id": 139, "bbox": [36.0, 2.0, 8.0, 6.0], "category_id": 1, "id": 1003},
    {"segmentation": {"counts": [0, 64 * 48], "size": [48, 64]}, "area": 0.0, "iscrowd": 1,
     "image_id": 139, "bbox": [0.0, 0.0, 1.0, 1.0], "category_id": 1, "id": 1004},  # crowd: left out, not an error
    {"segmentation": compressed, "area": 400.0, "iscrowd": 0, "image_id": 285, "bbox": [10.0, 5.0, 20.0, 20.0],
     "category_id": 17, "id": 2001},
    # broken records
    {"segmentation": [[1.0, 1.0, 5.0, 1.0, 5.0, 5.0]], "area": 8.0, "iscrowd": 0, "image_id": 285,
     "category_id": 17, "id": 2002},  # no bbox
    {"segmentation": [[1.0, 1.0, 5.0, 1.0, 5.0, 5.0]], "area": 8.0, "iscrowd": 0, "image_id": 285,
     "bbox": [1.0, 1.0, 4.0, 4.0], "category_id": 99, "id": 2003},  # unknown category
    {"segmentation": [[1.0, 1.0, 5.0, 1.0]], "area": 8.0, "iscrowd": 0, "image_id": 285,
     "bbox": [1.0, 1.0, 4.0, 4.0], "category_id": 17, "id": 2004},  # polygon of two points
    {"segmentation": {"counts": [10, 5, 1585], "size": [48, 64]}, "area": 5.0, "iscrowd": 0, "image_id": 285,
     "bbox": [1.0, 1.0, 4.0, 4.0], "category_id": 17, "id": 2005},  # RLE of another size
    {"segmentation": [[1.0, 1.0, 5.0, 1.0, 5.0, 5.0]], "area": 8.0, "iscrowd": 0, "image_id": 777,
     "bbox": [1.0, 1.0, 4.0, 4.0], "category_id": 17, "id": 2006},  # unknown image
]
coco = os.path.join(root, "coco")
with open(os.path.join(coco, "instances_val2017.json"), "w") as f:
    json.dump({"info": info, "licenses": licenses, "images": images, "annotations": annotations,
               "categories": categories}, f, indent=1)

captions = [
    {"image_id": 139, "id": 5001, "caption": "A person stands next to a small dog."},
    {"image_id": 139, "id": 5002, "caption": "Two people and a dog in a room"},
    {"image_id": 285, "id": 5003, "caption": "A cat sitting on a <red> blanket."},
    {"image_id": 285, "id": 5004, "caption": "   "},  # broken: empty caption
    {"id": 5005, "caption": "no image"},  # broken: no image_id
]
with open(os.path.join(coco, "captions_val2017.json"), "w") as f:
    json.dump({"info": info, "licenses": licenses, "images": images, "annotations": captions}, f, indent=1)

kp_names = ["nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
            "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
            "right_knee", "left_ankle", "right_ankle"]
person = [{"supercategory": "person", "id": 1, "name": "person", "keypoints": kp_names,
           "skeleton": [[16, 14], [14, 12], [17, 15], [15, 13], [12, 13], [6, 12], [7, 13], [6, 7], [6, 8],
                        [7, 9], [8, 10], [9, 11], [2, 3], [1, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7]]}]


def kps(x0, y0, hidden=()):
    out = []
    for i in range(17):
        v = 0 if i in hidden else (1 if i % 5 == 0 else 2)
        out += [0, 0, 0] if v == 0 else [x0 + (i % 4) * 3, y0 + i * 2, v]
    return out


keypoint_anns = [
    {"segmentation": [[4.0, 4.0, 30.0, 4.0, 30.0, 44.0, 4.0, 44.0]], "num_keypoints": 15, "area": 1040.0,
     "iscrowd": 0, "keypoints": kps(8, 6, hidden=(3, 4)), "image_id": 139, "bbox": [4.0, 4.0, 26.0, 40.0],
     "category_id": 1, "id": 1001},
    {"segmentation": [[36.0, 2.0, 60.0, 2.0, 60.0, 44.0, 36.0, 44.0]], "num_keypoints": 17, "area": 1000.0,
     "iscrowd": 0, "keypoints": kps(40, 4), "image_id": 139, "bbox": [36.0, 2.0, 24.0, 42.0], "category_id": 1,
     "id": 1005},
    {"segmentation": [[1.0, 1.0, 9.0, 1.0, 9.0, 9.0]], "num_keypoints": 0, "area": 30.0, "iscrowd": 0,
     "keypoints": [0] * 51, "image_id": 285, "bbox": [1.0, 1.0, 8.0, 8.0], "category_id": 1, "id": 2101},
    {"segmentation": [[1.0, 1.0, 9.0, 1.0, 9.0, 9.0]], "num_keypoints": 3, "area": 30.0, "iscrowd": 0,
     "keypoints": [5, 5, 3] + [0] * 48, "image_id": 285, "bbox": [1.0, 1.0, 8.0, 8.0], "category_id": 1,
     "id": 2102},  # broken: visibility 3
]
with open(os.path.join(coco, "person_keypoints_val2017.json"), "w") as f:
    json.dump({"info": info, "licenses": licenses, "images": images, "annotations": keypoint_anns,
               "categories": person}, f, indent=1)

vqa = os.path.join(root, "vqav2")
questions = [
    {"image_id": 139, "question": "How many dogs are there?", "question_id": 139000},
    {"image_id": 139, "question": "Is the person standing?", "question_id": 139001},
    {"image_id": 285, "question": "What animal is this?", "question_id": 285000},
    {"image_id": 285, "question": "What colour is the blanket?", "question_id": 285001},  # broken: no annotation
]
with open(os.path.join(vqa, "v2_OpenEnded_mscoco_val2014_questions.json"), "w") as f:
    json.dump({"info": info, "task_type": "Open-Ended", "data_type": "mscoco", "license": licenses[0],
               "data_subtype": "val2014", "questions": questions}, f, indent=1)


def answers(*words):
    return [{"answer": w, "answer_confidence": "yes", "answer_id": i + 1} for i, w in enumerate(words)]


anns = [
    {"question_type": "how many", "multiple_choice_answer": "1", "answers": answers(*["1"] * 9, "2"),
     "image_id": 139, "answer_type": "number", "question_id": 139000},
    {"question_type": "is the", "multiple_choice_answer": "yes", "answers": answers(*["yes"] * 10),
     "image_id": 139, "answer_type": "yes/no", "question_id": 139001},
    {"question_type": "what animal is", "multiple_choice_answer": "", "answers": answers("cat", "cat", "kitten"),
     "image_id": 285, "answer_type": "other", "question_id": 285000},  # falls back to the majority answer
    {"question_type": "what", "multiple_choice_answer": "red", "answers": answers("red"), "image_id": 1,
     "answer_type": "other", "question_id": 999999},  # broken: unknown question
    {"question_type": "what", "answers": [], "image_id": 1, "answer_type": "other"},  # broken: no question_id
]
with open(os.path.join(vqa, "v2_mscoco_val2014_annotations.json"), "w") as f:
    json.dump({"info": info, "license": licenses[0], "data_subtype": "val2014", "annotations": anns}, f, indent=1)
print("wrote fixtures under", os.path.normpath(root))
