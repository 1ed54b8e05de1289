/**
 * A seeded pseudo-random source (mulberry32) and the distributions scenarios use. Seeded so a
 * simulation run is reproducible; never Math.random.
 */
export type Random = () => number

export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Exponential with the given mean (inter-arrival times of a Poisson process, handle times). */
export function exponential(random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean
}

/** Lognormal with the given mean and standard deviation (long-tailed handle times). */
export function lognormal(random: Random, mean: number, stdDev: number): number {
  const variance = Math.log(1 + (stdDev * stdDev) / (mean * mean))
  const mu = Math.log(mean) - variance / 2
  const u1 = 1 - random()
  const u2 = random()
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
  return Math.exp(mu + Math.sqrt(variance) * normal)
}
