package dev.probation.neural;

/**
 * Which prompts a curriculum gives: {@link #TRAIN} for training, {@link #EVAL} for evaluation on
 * prompts outside training (held-out request wordings, names and scenarios).
 */
public enum Split { TRAIN, EVAL }
