package org.refvlm.api;

import java.util.Optional;

/**
 * One {@code [index]<REF>} of the answer: the phrase it belongs to, the unit it was decoded as,
 * and either the decoded value or why there is none (no decoder for the unit, the decoder
 * failed). A failure spoils this object and its group only, never the rest of the answer.
 */
public record ReferredObject(String phrase, String unit, int index, DecodedUnit value, String error) {

    public ReferredObject {
        if ((value == null) == (error == null)) {
            throw new IllegalArgumentException("a referred object has either a value or an error");
        }
    }

    public static ReferredObject decoded(String phrase, int index, DecodedUnit value) {
        return new ReferredObject(phrase, value.unit(), index, value, null);
    }

    public static ReferredObject failed(String phrase, String unit, int index, String error) {
        return new ReferredObject(phrase, unit, index, null, error);
    }

    public Optional<DecodedUnit> result() {
        return Optional.ofNullable(value);
    }
}
