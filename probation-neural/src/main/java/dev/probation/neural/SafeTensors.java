package dev.probation.neural;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range, then the raw values). Weights are stored as F16 to keep
 * the repository lean and read back as floats; F32 and BF16 files are read too. The header is padded
 * to a multiple of 8 bytes, as Hugging Face's writer does.
 */
final class SafeTensors {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private SafeTensors() {}

    static void writeF16(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        meta.put("format", "pt");
        metadata.forEach(meta::put);
        long offset = 0;
        for (var e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F16");
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long end = offset + 2L * e.getValue().data().length;
            t.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            for (float v : t.data()) {
                out.putShort(Float.floatToFloat16(v));
            }
        }
        Files.write(file, out.array());
    }

    static Map<String, Tensor> read(Path file) throws IOException {
        ByteBuffer in;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            in = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
        long headerLength = in.getLong(0);
        if (headerLength <= 0 || headerLength > in.capacity() - 8) {
            throw new IllegalArgumentException(file + ": not a safetensors file (header length " + headerLength + ")");
        }
        byte[] json = new byte[(int) headerLength];
        in.get(8, json);
        JsonNode header;
        try {
            header = JSON.readTree(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": the safetensors header is not valid JSON", e);
        }
        int base = 8 + (int) headerLength;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (var e : header.properties()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            String dtype = t.path("dtype").asString("");
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            long begin = t.path("data_offsets").path(0).asLong(-1);
            long end = t.path("data_offsets").path(1).asLong(-1);
            int width = switch (dtype) {
                case "F32" -> 4;
                case "F16", "BF16" -> 2;
                default -> throw new IllegalArgumentException(file + ": tensor " + e.getKey() + ": field dtype: "
                        + "unsupported '" + dtype + "' (F32, F16 or BF16)");
            };
            if (begin < 0 || end < begin || base + end > in.capacity() || (end - begin) % width != 0) {
                throw new IllegalArgumentException(file + ": tensor " + e.getKey() + ": field data_offsets out of range");
            }
            float[] data = new float[(int) ((end - begin) / width)];
            for (int i = 0; i < data.length; i++) {
                int at = (int) (base + begin) + i * width;
                data[i] = switch (dtype) {
                    case "F32" -> in.getFloat(at);
                    case "F16" -> Float.float16ToFloat(in.getShort(at));
                    default -> Float.intBitsToFloat((in.getShort(at) & 0xffff) << 16);
                };
            }
            try {
                tensors.put(e.getKey(), new Tensor(shape, data));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(file + ": tensor " + e.getKey() + ": " + bad.getMessage(), bad);
            }
        }
        return tensors;
    }
}
