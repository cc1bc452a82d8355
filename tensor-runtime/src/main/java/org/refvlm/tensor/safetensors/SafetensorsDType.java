package org.refvlm.tensor.safetensors;

import ai.djl.ndarray.types.DataType;

/** Element types a safetensors header may declare, with their width and DJL counterpart. */
public enum SafetensorsDType {
    F64(8, DataType.FLOAT64),
    F32(4, DataType.FLOAT32),
    F16(2, DataType.FLOAT16),
    BF16(2, DataType.BFLOAT16),
    I64(8, DataType.INT64),
    I32(4, DataType.INT32),
    I16(2, DataType.INT16),
    I8(1, DataType.INT8),
    U8(1, DataType.UINT8),
    BOOL(1, DataType.BOOLEAN);

    private final int byteSize;
    private final DataType djlType;

    SafetensorsDType(int byteSize, DataType djlType) {
        this.byteSize = byteSize;
        this.djlType = djlType;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The DJL data type holding the same values without conversion. */
    public DataType djlType() {
        return djlType;
    }

    /** True for the reduced-precision floats that {@link SafetensorsFile} can widen to F32. */
    public boolean isHalfFloat() {
        return this == F16 || this == BF16;
    }

    /** Parses a header dtype string; returns null when the dtype is not supported. */
    public static SafetensorsDType parse(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Maps a DJL type back to the header name used when writing. */
    public static SafetensorsDType of(DataType type) {
        for (SafetensorsDType t : values()) {
            if (t.djlType == type) {
                return t;
            }
        }
        throw new IllegalArgumentException("no safetensors dtype for DJL type " + type);
    }
}
