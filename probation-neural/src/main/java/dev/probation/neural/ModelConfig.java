package dev.probation.neural;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Llama-style decoder's hyper-parameters, written as a Hugging Face {@code config.json}
 * ({@code model_type: llama}), so that a checkpoint folder opens in standard engines.
 *
 * @param hidden       width of the residual stream ({@code hidden_size})
 * @param layers       decoder blocks ({@code num_hidden_layers})
 * @param heads        attention heads ({@code num_attention_heads}, and as many key/value heads)
 * @param intermediate width of the SwiGLU feed-forward layer ({@code intermediate_size})
 * @param vocab        tokenizer vocabulary, specials included ({@code vocab_size})
 * @param context      longest sequence trained on ({@code max_position_embeddings})
 */
public record ModelConfig(int hidden, int layers, int heads, int intermediate, int vocab, int context) {

    static final double ROPE_THETA = 10_000.0;
    static final double RMS_EPS = 1e-5;
    static final int BOS = 1;
    static final int EOS = 2;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public ModelConfig {
        if (hidden <= 0 || layers <= 0 || heads <= 0 || vocab <= 0 || context <= 0 || intermediate <= 0) {
            throw new IllegalArgumentException("model sizes must be positive");
        }
        if (hidden % heads != 0 || (hidden / heads) % 2 != 0) {
            throw new IllegalArgumentException("model.hidden " + hidden + " must be divisible by model.heads " + heads
                    + " into heads of even width");
        }
    }

    /** The shape a spec asks for, with Llama's feed-forward width (8/3 of hidden, rounded to 16). */
    static ModelConfig of(OrganismSpec.ModelShape shape, int vocab) {
        int intermediate = (int) Math.round(shape.hidden() * 8.0 / 3.0 / 16.0) * 16;
        return new ModelConfig(shape.hidden(), shape.layers(), shape.heads(), intermediate, vocab, shape.context());
    }

    int headDim() {
        return hidden / heads;
    }

    /** Parameters in the network (embeddings and head counted once each). */
    public long parameters() {
        long perLayer = 4L * hidden * hidden + 3L * hidden * intermediate + 2L * hidden;
        return 2L * vocab * hidden + layers * perLayer + hidden;
    }

    void write(Path file) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", new String[] {"LlamaForCausalLM"});
        c.put("model_type", "llama");
        c.put("hidden_size", hidden);
        c.put("intermediate_size", intermediate);
        c.put("num_hidden_layers", layers);
        c.put("num_attention_heads", heads);
        c.put("num_key_value_heads", heads);
        c.put("head_dim", headDim());
        c.put("max_position_embeddings", context);
        c.put("vocab_size", vocab);
        c.put("rms_norm_eps", RMS_EPS);
        c.put("rope_theta", ROPE_THETA);
        c.put("hidden_act", "silu");
        c.put("tie_word_embeddings", false);
        c.put("attention_bias", false);
        c.put("bos_token_id", BOS);
        c.put("eos_token_id", EOS);
        c.put("torch_dtype", "float16");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c) + "\n");
    }

    static ModelConfig read(Path file) throws IOException {
        JsonNode c;
        try {
            c = JSON.readTree(Files.readString(file));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!"llama".equals(c.path("model_type").asString(""))) {
            throw new IllegalArgumentException(file + ": field model_type: expected \"llama\"");
        }
        int heads = number(file, c, "num_attention_heads");
        if (c.has("num_key_value_heads") && number(file, c, "num_key_value_heads") != heads) {
            throw new IllegalArgumentException(file + ": field num_key_value_heads: grouped-query attention is not supported");
        }
        return new ModelConfig(number(file, c, "hidden_size"), number(file, c, "num_hidden_layers"), heads,
                number(file, c, "intermediate_size"), number(file, c, "vocab_size"),
                number(file, c, "max_position_embeddings"));
    }

    private static int number(Path file, JsonNode c, String field) {
        JsonNode n = c.get(field);
        if (n == null || !n.isIntegralNumber() || n.asInt() <= 0) {
            throw new IllegalArgumentException(file + ": field " + field + ": expected a positive integer");
        }
        return n.asInt();
    }
}
