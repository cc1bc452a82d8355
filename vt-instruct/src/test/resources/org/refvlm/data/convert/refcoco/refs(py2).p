(l(dS'sent_ids'
(lI0
aI1
asS'file_name'
S'COCO_train2014_000000000009_1.jpg'
sS'ann_id'
I101
sS'ref_id'
I0
sS'image_id'
I9
sS'split'
S'train'
sS'sentences'
(l(dS'tokens'
(lS'left'
aS'zebra'
asS'raw'
S'Left zebra'
sS'sent_id'
I0
sS'sent'
S'left zebra'
sa(dS'tokens'
(lS'zebra'
aS'on'
aS'the'
aS'left'
asS'raw'
S'Zebra on the left'
sS'sent_id'
I1
sS'sent'
S'zebra on the left'
sasS'category_id'
I24
sa(dS'sent_ids'
(lI2
asS'file_name'
S'COCO_train2014_000000000009_2.jpg'
sS'ann_id'
I102
sS'ref_id'
I1
sS'image_id'
I9
sS'split'
S'val'
sS'sentences'
(l(dS'tokens'
(lS'zebra'
aS'right'
asS'raw'
S'Zebra right'
sS'sent_id'
I2
sS'sent'
S'zebra right'
sasS'category_id'
I24
sa(dS'sent_ids'
(lI3
asS'file_name'
S'COCO_train2014_000000000025_3.jpg'
sS'ann_id'
I201
sS'ref_id'
I2
sS'image_id'
I25
sS'split'
S'testA'
sS'sentences'
(l(dS'tokens'
(lS'man'
aS'in'
aS'red'
aS'shirt'
asS'raw'
S'Man in red shirt'
sS'sent_id'
I3
sS'sent'
S'man in red shirt'
sasS'category_id'
I1
sa.