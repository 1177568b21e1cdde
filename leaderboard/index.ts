// The leaderboard's public surface (the CLI and the web UI use it): runs → tables, bundles.
export { LeaderboardError, loadRun, parseTasks, rescore, type GoldInstance, type LoadedRun, type RunSource } from './input.js';
export { buildLeaderboard, FAMILY_CODES, PERSONAS, PERSONA_TITLES, type BuildOptions, type Group, type Leaderboard, type Row } from './table.js';
export { toMarkdown } from './markdown.js';
export { toHtml } from './html.js';
export { BUNDLE_FILES, pack, sha256, verify, type Check, type Verification } from './bundle.js';
export { CRMARENA_REFERENCE_LABEL, CRMARENA_TABLE2 } from './reference/crmarena.js';
export { tar, untar, tgz, untgz, type TarEntry } from './tar.js';
export { prng } from './stats.js';
