// Case-insensitive lookup of objects, fields and relationships over the schema data.
import { OBJECTS } from './objects.js';
import type { ChildRelationship, FieldDef, ObjectDef } from './types.js';

export interface ObjectInfo {
  readonly def: ObjectDef;
  /** lower-case field name → field */
  readonly fieldsByLower: ReadonlyMap<string, FieldDef>;
  /** lower-case parent relationship name → reference field */
  readonly parentsByLower: ReadonlyMap<string, FieldDef>;
  /** lower-case child relationship name → child relationship */
  readonly childrenByLower: ReadonlyMap<string, ChildRelationship>;
  readonly childRelationships: readonly ChildRelationship[];
  readonly nameField: FieldDef | undefined;
}

export class SchemaRegistry {
  private readonly byLower = new Map<string, ObjectInfo>();
  private readonly byPrefix = new Map<string, ObjectDef>();

  constructor(readonly objects: readonly ObjectDef[] = OBJECTS) {
    const children = new Map<string, ChildRelationship[]>();
    for (const o of objects) {
      for (const f of o.fields) {
        if (f.type !== 'reference') continue;
        for (const target of f.referenceTo) {
          const list = children.get(target) ?? [];
          list.push({ childSObject: o.name, field: f.name, relationshipName: f.childRelationshipName, cascadeDelete: f.cascadeDelete });
          children.set(target, list);
        }
      }
    }
    for (const o of objects) {
      const childRelationships = children.get(o.name) ?? [];
      const info: ObjectInfo = {
        def: o,
        fieldsByLower: new Map(o.fields.map((f) => [f.name.toLowerCase(), f])),
        parentsByLower: new Map(
          o.fields.filter((f) => f.relationshipName !== null).map((f) => [f.relationshipName!.toLowerCase(), f]),
        ),
        childrenByLower: new Map(
          childRelationships.filter((c) => c.relationshipName !== null).map((c) => [c.relationshipName!.toLowerCase(), c]),
        ),
        childRelationships,
        nameField: o.fields.find((f) => f.nameField),
      };
      this.byLower.set(o.name.toLowerCase(), info);
      this.byPrefix.set(o.keyPrefix, o);
    }
  }

  /** Case-insensitive object lookup. */
  object(name: string): ObjectInfo | undefined {
    return this.byLower.get(name.toLowerCase());
  }

  /** Case-insensitive field lookup on an object. */
  field(objectName: string, fieldName: string): FieldDef | undefined {
    return this.object(objectName)?.fieldsByLower.get(fieldName.toLowerCase());
  }

  /** The object an Id belongs to, by its key prefix. */
  objectForId(id: string): ObjectDef | undefined {
    return this.byPrefix.get(id.slice(0, 3));
  }

  /** The parent object a reference field points at, when this org models it. */
  parentObject(f: FieldDef): ObjectInfo | undefined {
    const target = f.referenceTo[0];
    return target === undefined ? undefined : this.object(target);
  }
}

/** The registry over the built-in org schema. */
export const schema = new SchemaRegistry();

/** The key prefix of an object of the default schema (the first three characters of its Ids). */
export function keyPrefix(objectName: string): string {
  const o = schema.object(objectName);
  if (!o) throw new Error(`unknown object ${objectName}`);
  return o.def.keyPrefix;
}
