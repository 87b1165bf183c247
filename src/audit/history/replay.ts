import type { ClaudeBehaviour } from '../../policies/permission-rules/claude-version.js';
import type { ConfigHistory } from '../../workspace/config-history.js';
import { BackwardReplay, type Replay } from './backward-replay.js';

export type { Replay };

const replays = new WeakMap<ConfigHistory, Map<string, Replay>>();

/** The replay of a history (per Claude Code version), computed once: the one made while git read it, when there is one. */
export function replayHistory(config: ConfigHistory, behaviour: ClaudeBehaviour): Replay {
  const byVersion = replaysOf(config);
  let replay = byVersion.get(behaviour.version);
  if (!replay) byVersion.set(behaviour.version, (replay = computeReplay(config, behaviour)));
  return replay;
}

/** Records a replay of `config` computed elsewhere (while git still read it); it must equal what computeReplay gives. */
export function keepReplay(config: ConfigHistory, behaviour: ClaudeBehaviour, replay: Replay): void {
  replaysOf(config).set(behaviour.version, replay);
}

/** The replays of a history kept so far, by Claude Code version. */
function replaysOf(config: ConfigHistory): Map<string, Replay> {
  let byVersion = replays.get(config);
  if (!byVersion) replays.set(config, (byVersion = new Map()));
  return byVersion;
}

/** Replays a history that is read in full: from the state after its last commit back to before its first. */
function computeReplay(config: ConfigHistory, behaviour: ClaudeBehaviour): Replay {
  const commits = config.history.commits;
  const back = new BackwardReplay(config.current, behaviour, (path, blob) => config.jsonAt(path, blob), config.treeAfter(commits.length - 1));
  for (let i = commits.length - 1; i >= 0; i--) back.step(commits[i]!, config.treeAfter(i - 1));
  return back.finish();
}
