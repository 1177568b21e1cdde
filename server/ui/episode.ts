// Where UI logins get their org: every login forks its own episode (server/sessions), as an agent's
// `#episode` login does; `?token=…` attaches to the episode an API token selects (an agent's, or the
// default one). Pages then read and write only through the EpisodeApi contract.
import type { AuthService } from '../org/index.js';
import type { EpisodeManager } from '../sessions/index.js';
import type { EpisodeApi } from '../sessions/index.js';

export interface UiEpisodes {
  /** A new episode for a UI login, acting as that user. */
  forLogin(userId: string, label: string): EpisodeApi;
  /** The episode an API token selects (an episode token, or any session of the default episode). */
  byToken(token: string): EpisodeApi | undefined;
  /** Whether the episode is still live (episodes expire when idle). */
  alive(episode: EpisodeApi): boolean;
  /** Ends an episode made for a UI login (logout). */
  end(episode: EpisodeApi): void;
  /** Back to the pristine org (same id and token). */
  reset(episode: EpisodeApi): Promise<void>;
}

export function hostEpisodes(host: EpisodeManager, auth: AuthService): UiEpisodes {
  return {
    forLogin: (userId, label) => host.createSync({ label }, { userId }),
    byToken: (token) => host.byToken(token) ?? (auth.session(token) ? host.defaultEpisode : undefined),
    alive: (episode) => host.get(episode.id) === episode,
    end: (episode) => {
      if (episode !== host.defaultEpisode) host.deleteSync(episode.id);
    },
    reset: (episode) => host.reset(episode.id),
  };
}
