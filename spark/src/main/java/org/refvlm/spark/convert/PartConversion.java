package org.refvlm.spark.convert;

import java.io.IOException;
import java.io.Serializable;
import org.refvlm.data.SampleWriter;
import org.refvlm.data.convert.ConversionPart;
import org.refvlm.data.convert.ConvertOptions;

/**
 * What one task converts: a part of one input ({@code KeyRange}, {@code Slice} or run of files), made on
 * the driver and run on an executor, so it is serializable and holds file names as strings.
 */
@FunctionalInterface
interface PartConversion extends Serializable {
    ConversionPart convert(ConvertOptions options, SampleWriter out) throws IOException;
}
