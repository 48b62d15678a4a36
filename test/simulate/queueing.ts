/** Queueing-theory formulas the simulator is checked against. */

/** Erlang C: mean waiting time in queue of M/M/c with arrival rate λ and service rate μ per server. */
export function erlangCWait(c: number, lambda: number, mu: number): number {
  const a = lambda / mu;
  const rho = a / c;
  let sum = 0;
  let term = 1; // a^k / k!
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const tail = (term * a) / c / (1 - rho); // a^c / c! / (1 - ρ)
  return tail / (sum + tail) / (c * mu - lambda);
}
