// Shared set-up of the runner suites: the seed-1 test org served on a loopback port, a small sample
// of every family drawn from it, and the scripted fake LLM over real HTTP.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../server/store/index.js';
import { generateTasks } from '../../tasks/generate.js';
import type { Instance } from '../../tasks/types.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { testOrgPath } from '../helpers/org.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

export interface RunnerFixture {
  readonly dir: string;
  readonly tasksPath: string;
  readonly tasksBytes: string;
  readonly instances: Instance[];
  readonly server: TestServer;
  readonly llm: FakeLlm;
  close(): Promise<void>;
}

export async function runnerFixture(perTask: number): Promise<RunnerFixture> {
  const db = testOrgPath();
  const store = Store.open(db, { readonly: true });
  let instances: Instance[];
  try {
    instances = await generateTasks(store, { perTask, seed: 7 });
  } finally {
    store.close();
  }
  const dir = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'runner-'));
  const tasksPath = join(dir, 'tasks.json');
  const tasksBytes = `${JSON.stringify(instances, null, 1)}\n`;
  writeFileSync(tasksPath, tasksBytes);
  // A copy: serving the shared test org itself would switch it to WAL mode under every other suite.
  const server = await startTestServer({ db });
  const llm = await startFakeLlm(instances);
  return {
    dir,
    tasksPath,
    tasksBytes,
    instances,
    server,
    llm,
    async close() {
      await llm.close();
      await server.close();
    },
  };
}
