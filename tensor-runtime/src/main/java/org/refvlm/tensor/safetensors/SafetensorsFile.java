package org.refvlm.tensor.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;

/**
 * A memory-mapped safetensors file. Tensors are mapped one at a time (each region is below 2 GiB
 * even for 7B checkpoints, whereas whole shards are not), so multi-gigabyte shards work without
 * reading them into the heap.
 */
public final class SafetensorsFile implements TensorSource {
    private final Path path;
    private final FileChannel channel;
    private final SafetensorsHeader header;

    private SafetensorsFile(Path path, FileChannel channel, SafetensorsHeader header) {
        this.path = path;
        this.channel = channel;
        this.header = header;
    }

    /** Opens and validates a file; the header is checked completely before anything is returned. */
    public static SafetensorsFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new SafetensorsFile(path, ch, SafetensorsHeader.read(path, ch));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** The file's {@code __metadata__}. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    @Override
    public Set<String> names() {
        return header.tensors().keySet();
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo t = header.tensors().get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in " + path);
        }
        return t;
    }

    /** Read-only little-endian view of a tensor's bytes, mapped from the file. */
    public ByteBuffer raw(String name) throws IOException {
        TensorInfo t = info(name);
        if (t.byteLength() > Integer.MAX_VALUE) {
            throw new SafetensorsFormatException(path, name, "tensor of " + t.byteLength() + " bytes exceeds 2 GiB");
        }
        if (t.byteLength() == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + t.begin(), t.byteLength())
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new SafetensorsFormatException(path, name, "cannot map data: " + e.getMessage(), e);
        }
    }

    /** All values of a floating tensor widened to float (F32, F16, BF16 or F64). */
    public float[] readFloats(String name) throws IOException {
        TensorInfo t = info(name);
        ByteBuffer b = raw(name);
        int n = (int) t.elementCount();
        float[] out = new float[n];
        switch (t.dtype()) {
            case F32 -> b.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.halfToFloat(b.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.bf16ToFloat(b.getShort(2 * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
            }
            default -> throw new SafetensorsFormatException(path, name, "dtype " + t.dtype() + " is not floating point");
        }
        return out;
    }

    /** All values of a floating tensor as double: F64 exactly, narrower types widened. */
    public double[] readDoubles(String name) throws IOException {
        TensorInfo t = info(name);
        if (t.dtype() != SafetensorsDType.F64) {
            float[] f = readFloats(name);
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
        double[] out = new double[(int) t.elementCount()];
        raw(name).asDoubleBuffer().get(out);
        return out;
    }

    /** All values of an integer tensor as long (I64, I32, I16, I8, U8, BOOL). */
    public long[] readLongs(String name) throws IOException {
        TensorInfo t = info(name);
        ByteBuffer b = raw(name);
        int n = (int) t.elementCount();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (t.dtype()) {
                case I64 -> b.getLong(8 * i);
                case I32 -> b.getInt(4 * i);
                case I16 -> b.getShort(2 * i);
                case I8 -> b.get(i);
                case U8, BOOL -> b.get(i) & 0xff;
                default -> throw new SafetensorsFormatException(path, name, "dtype " + t.dtype() + " is not an integer type");
            };
        }
        return out;
    }

    @Override
    public NDArray load(String name, NDManager manager, DataType floatType) throws IOException {
        TensorInfo t = info(name);
        boolean floating = t.dtype() == SafetensorsDType.F64 || t.dtype() == SafetensorsDType.F32
                || t.dtype().isHalfFloat();
        DataType target = t.dtype().djlType();
        if (floating && floatType != null) {
            target = floatType;
        } else if (t.dtype() == SafetensorsDType.BF16) {
            target = DataType.FLOAT32;
        }
        NDArray array;
        if (target == t.dtype().djlType()) {
            ByteBuffer src = raw(name);
            ByteBuffer direct = manager.allocateDirect((int) t.byteLength());
            if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN || t.dtype().byteSize() == 1) {
                direct.put(src);
            } else {
                swapInto(src, direct, t.dtype().byteSize());
            }
            direct.rewind();
            array = manager.create(direct, t.djlShape(), target);
        } else if (target == DataType.FLOAT32) {
            float[] values = readFloats(name);
            // Copy into a native-order direct buffer so the engine never references the mapping.
            ByteBuffer direct = manager.allocateDirect(values.length * 4);
            direct.asFloatBuffer().put(values);
            array = manager.create(direct, t.djlShape(), DataType.FLOAT32);
        } else if (target == DataType.FLOAT16) {
            float[] values = readFloats(name);
            ByteBuffer direct = manager.allocateDirect(values.length * 2);
            for (int i = 0; i < values.length; i++) {
                direct.putShort(2 * i, HalfFloats.floatToHalf(values[i]));
            }
            array = manager.create(direct, t.djlShape(), DataType.FLOAT16);
        } else {
            throw new IllegalArgumentException("cannot load floating tensors as " + target
                    + " (FLOAT32 or FLOAT16; DJL's PyTorch engine 0.36 cannot hold BFLOAT16)");
        }
        array.setName(name);
        return array;
    }

    private static void swapInto(ByteBuffer src, ByteBuffer dst, int width) {
        byte[] tmp = new byte[width];
        while (src.remaining() >= width) {
            src.get(tmp);
            for (int i = width - 1; i >= 0; i--) {
                dst.put(tmp[i]);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
