// Metadata use cases: describeGlobal, sobject basic info and full describe, over the store's schema
// registry. The JSON itself is built by schema/describe.ts; results are cached per API version.
import { describeGlobal, describeSObject, sobjectBasicInfo } from '../../schema/index.js';
import { SalesforceError } from '../soql/index.js';
import type { OrgDeps } from './deps.js';

type Json = ReturnType<typeof describeGlobal>;

/**
 * When the org's metadata last changed. Localforce's schema is fixed in code and never altered at
 * run time, so this is one constant: the start of the generated records' calendar (2020-01-01),
 * before any record. Describe answers carry it as `Last-Modified` and honour `If-Modified-Since`.
 */
export const METADATA_LAST_MODIFIED = new Date(Date.UTC(2020, 0, 1));

export class DescribeService {
  private readonly cache = new Map<string, Json>();

  constructor(private readonly deps: OrgDeps) {}

  private cached(key: string, build: () => Json): Json {
    let v = this.cache.get(key);
    if (!v) {
      v = build();
      this.cache.set(key, v);
    }
    return v;
  }

  private objectInfo(name: string) {
    const info = this.deps.store.registry.object(name);
    if (!info) throw new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404);
    return info;
  }

  /** `GET /sobjects`. */
  global(version: string): Json {
    return this.cached(`global:${version}`, () => describeGlobal(this.deps.store.registry.objects, version));
  }

  /** `GET /sobjects/T` (recentItems left empty: the emulator keeps no MRU list). */
  basicInfo(objectName: string, version: string): Json {
    const info = this.objectInfo(objectName);
    return this.cached(`basic:${info.def.name}:${version}`, () => sobjectBasicInfo(info.def, version, []));
  }

  /** `GET /sobjects/T/describe`. */
  describe(objectName: string, version: string): Json {
    const info = this.objectInfo(objectName);
    return this.cached(`describe:${info.def.name}:${version}`, () => describeSObject(info, version));
  }
}
