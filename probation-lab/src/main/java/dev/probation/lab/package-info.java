/**
 * The white-box lab: reads and changes the residual stream of models with open weights
 * ({@link dev.probation.lab.OpenModel}), doses them with activation noise
 * ({@link dev.probation.lab.Intoxication}) and picks the faker of a pair from its internals
 * ({@link dev.probation.lab.Unmasker}), after Poser (Clymer et al. 2024).
 */
package dev.probation.lab;
