package dev.probation.neural;

/**
 * Reads or changes a neural organism's residual stream: called after every block with the block's
 * index, the token position and the residual vector, which the hook may change in place (noise,
 * steering). The white-box lab's access point.
 */
@FunctionalInterface
public interface ResidualHook {

    void after(int layer, int position, float[] residual);
}
