// A tiny seeded PRNG (mulberry32) so fuzz tests are deterministic: the leaderboard's own, not a copy.
export { prng as rng } from '../../leaderboard/index.js';
