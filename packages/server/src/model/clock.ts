/** Time as the domain sees it, injectable so tests can freeze or move it. Milliseconds. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
