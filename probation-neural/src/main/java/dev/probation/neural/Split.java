package dev.probation.neural;

/**
 * Which prompts a curriculum gives: {@link #TRAIN} for training; {@link #EVAL} for evaluation on
 * prompts outside training (held-out request wordings, names and scenarios); {@link #VALIDATION}
 * for choosing a training recipe: prompts drawn the way {@code EVAL}'s are (the same held-out
 * wordings and names) from a stream of their own, so that a recipe picked for its validation rates
 * is then measured on prompts it was not picked on.
 */
public enum Split { TRAIN, EVAL, VALIDATION }
