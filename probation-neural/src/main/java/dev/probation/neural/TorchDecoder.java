package dev.probation.neural;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decoder as PyTorch tensors for training: the same network as {@link Decoder}, written with DJL's
 * NDArray operations so that autograd computes the gradients. Parameters live on this object's manager;
 * everything a forward pass makes lives on the manager of its input, which the caller closes after each
 * step (arrays made from a parameter first would land on the long-lived manager and leak).
 *
 * <p>No operation here takes a Java number: DJL turns one into a tensor over a direct buffer and closes
 * it straight after the call, but autograd keeps that tensor for the backward pass (a product keeps its
 * factor, a maximum its bound), so a garbage collection in between made the backward pass read freed
 * memory: steps that went NaN or drifted by chance, and training that did not repeat for a seed. Every
 * constant is made on the step's manager instead, and lives until the step is closed.
 */
final class TorchDecoder implements AutoCloseable {

    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    private final float[][] rope;

    TorchDecoder(Weights weights) {
        this.config = weights.config();
        this.manager = NDManager.newBaseManager(Device.cpu());
        for (var e : weights.tensors().entrySet()) {
            parameters.put(e.getKey(), manager.create(e.getValue().data(), new Shape(e.getValue().shape())));
        }
        this.rope = Rope.table(config.context(), config.headDim());
    }

    /** The weights, which the optimiser updates in place. */
    Map<String, NDArray> parameters() {
        return parameters;
    }

    /**
     * Fresh copies of the weights that record gradients, for one step. Gradients then never outlive a
     * step: nothing has to be zeroed (DJL zeroes by subtracting a gradient from itself, which turns a
     * single overflow into NaN for good).
     */
    Map<String, NDArray> leaves() {
        Map<String, NDArray> leaves = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            NDArray leaf = p.duplicate();
            leaf.setRequiresGradient(true);
            leaves.put(name, leaf);
        });
        return leaves;
    }

    /** Logits {@code (batch, length, vocab)} for token ids {@code (batch, length)} made on a step manager. */
    NDArray logits(NDArray ids) {
        return logits(parameters, ids);
    }

    /** Logits computed with the given copy of the weights. */
    NDArray logits(Map<String, NDArray> p, NDArray ids) {
        NDManager step = ids.getManager();
        int batch = (int) ids.getShape().get(0);
        int length = (int) ids.getShape().get(1);
        NDArray x = ids.getNDArrayInternal().embedding(ids, p.get(Weights.EMBED), SparseFormat.DENSE)
                .singletonOrThrow();
        NDArray cos = step.create(java.util.Arrays.copyOf(rope[0], length * config.headDim()), new Shape(length, config.headDim()));
        NDArray sin = step.create(java.util.Arrays.copyOf(rope[1], length * config.headDim()), new Shape(length, config.headDim()));
        NDArray mask = step.create(causalMask(length), new Shape(length, length));
        NDArray scale = step.create((float) (1.0 / Math.sqrt(config.headDim())));
        NDArray epsilon = step.create((float) ModelConfig.RMS_EPS);
        for (int i = 0; i < config.layers(); i++) {
            NDArray h = norm(p, x, Weights.layer(i, "input_layernorm"), epsilon);
            NDArray q = rotate(heads(linear(p, h, Weights.layer(i, "self_attn.q_proj")), batch, length), cos, sin);
            NDArray k = rotate(heads(linear(p, h, Weights.layer(i, "self_attn.k_proj")), batch, length), cos, sin);
            NDArray v = heads(linear(p, h, Weights.layer(i, "self_attn.v_proj")), batch, length);
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(mask);
            NDArray attended = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, config.hidden());
            x = x.add(linear(p, attended, Weights.layer(i, "self_attn.o_proj")));
            h = norm(p, x, Weights.layer(i, "post_attention_layernorm"), epsilon);
            NDArray gate = linear(p, h, Weights.layer(i, "mlp.gate_proj"));
            NDArray gated = gate.mul(Activation.sigmoid(gate)).mul(linear(p, h, Weights.layer(i, "mlp.up_proj")));
            x = x.add(linear(p, gated, Weights.layer(i, "mlp.down_proj")));
        }
        return linear(p, norm(p, x, Weights.NORM, epsilon), Weights.HEAD);
    }

    /**
     * Mean cross-entropy of the next token where {@code mask} is 1 (the response), from logits of
     * {@code inputs} against {@code targets}.
     */
    NDArray loss(Map<String, NDArray> p, NDArray inputs, NDArray targets, NDArray mask) {
        NDManager step = inputs.getManager();
        NDArray logp = logits(p, inputs).logSoftmax(-1);
        // clamped so that a padded position's -inf can never turn into NaN when masked out
        NDArray picked = logp.gather(targets.expandDims(-1), -1).squeeze(-1).maximum(step.create(-1e4f));
        return picked.mul(mask).sum().neg().div(mask.sum().maximum(step.create(1f)));
    }

    /** The current values as weights, for saving. */
    Weights weights() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        parameters.forEach((name, p) -> t.put(name, new Tensor(p.getShape().getShape(), p.toFloatArray())));
        return new Weights(config, t);
    }

    private static NDArray linear(Map<String, NDArray> p, NDArray x, String weight) {
        return x.matMul(p.get(weight).transpose());
    }

    private static NDArray norm(Map<String, NDArray> p, NDArray x, String weight, NDArray epsilon) {
        NDArray rms = x.mul(x).mean(new int[] {-1}, true).add(epsilon).sqrt();
        return x.div(rms).mul(p.get(weight));
    }

    private NDArray heads(NDArray x, int batch, int length) {
        return x.reshape(batch, length, config.heads(), config.headDim()).transpose(0, 2, 1, 3);
    }

    /** Rotary position embedding in Hugging Face's half-split layout. */
    private static NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(cos).add(rotated.mul(sin));
    }

    private static float[] causalMask(int length) {
        float[] mask = new float[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                mask[i * length + j] = -1e9f;
            }
        }
        return mask;
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
