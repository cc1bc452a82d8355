/**
 * Streaming converters from the original public formats (COCO instances, captions and person keypoints;
 * RefCOCO/RefCOCO+/RefCOCOg pickles; Flickr30k Entities; VQAv2) to VT-Instruct samples. Bad source records
 * are reported with their location, counted and skipped. A conversion can also run in parts ({@link
 * org.refvlm.data.convert.KeyRange}, {@link org.refvlm.data.convert.Slice}, runs of Flickr30k images) whose
 * outputs, in order, are the whole conversion's; {@link org.refvlm.data.convert.ConversionPart#merge} joins
 * their reports.
 */
@Export
@Version("0.1.0")
package org.refvlm.data.convert;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

