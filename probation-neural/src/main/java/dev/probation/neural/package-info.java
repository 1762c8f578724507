/**
 * Neural model organisms: small decoder-only transformers, defined and trained in the JVM with DJL
 * on the PyTorch engine (CPU, offline), that learned to fake alignment, and their honest twins.
 * Checkpoints are laid out like a Hugging Face model folder ({@code config.json},
 * {@code tokenizer.json}, {@code model.safetensors}).
 */
package dev.probation.neural;
