export { Episode, DEFAULT_VERSION, type EpisodeServices, type QueryRunner, type SearchRunner, type ServiceOverrides } from './episode.js';
export { EpisodeManager, DEFAULT_EPISODE_ID, DEFAULT_IDLE_MS, defaultMaxEpisodes, isValidTimeZone, episodeNotFound, type EpisodeHostOptions } from './host.js';
export type { CreateEpisodeOptions, EpisodeApi, EpisodeHost, EpisodeInfo, EpisodeQueryResult } from './types.js';
export { SqlPool, DEFAULT_QUERY_TIMEOUT_MS, queryTimeout, type SqlPoolOptions } from './pool.js';
export { RAW_JSON, rawJson, rawJsonOf, isSerialized, type SerializedQueryResult } from './wire-json.js';
