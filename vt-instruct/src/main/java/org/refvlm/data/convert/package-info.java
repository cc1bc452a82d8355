/**
 * Streaming converters from the original public formats (COCO instances, captions and person keypoints;
 * RefCOCO/RefCOCO+/RefCOCOg pickles; Flickr30k Entities; VQAv2) to VT-Instruct samples. Bad source records
 * are reported with their location, counted and skipped.
 */
@Export
@Version("0.1.0")
package org.refvlm.data.convert;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

