/**
 * policy/policy
 *
 * What each department may see, decided by what data is and whose it is:
 * - `operations`: the queries, mutations and subscriptions it may run (`*` for all);
 * - `classes`: per data class (policy/classes) allow, mask or deny; a class not listed is
 *   denied (deny by default);
 * - `overrides`: exceptions a real department needs, by `Type` or `Type.field`;
 * - `purposeRequired`: classes readable only with a declared purpose;
 * - rows: a principal with a division (a district office) sees only rows its division
 *   owns, on every type and every route (ownership: graphql/ownership.ts);
 * - `safelist`: when present, the only documents it may run (by SHA-256).
 * `STRUCTURE` (cursors, page info) is always allowed. Pure.
 */
import { z } from 'zod';
import { sha256 } from '../ingest/hash.js';
import { DATA_CLASS_NAMES, type DataClassName } from './classes.js';

export const Access = z.enum(['allow', 'mask', 'deny']);
export type Access = z.infer<typeof Access>;

const ClassName = z.enum(DATA_CLASS_NAMES as [DataClassName, ...DataClassName[]]);
const Operations = z.union([z.literal('*'), z.array(z.string().regex(/^[A-Za-z_]\w*$/))]);

const DepartmentPolicy = z.strictObject({
  label: z.string().optional(),
  operations: z.strictObject({ query: Operations.default([]), mutation: Operations.default([]), subscription: Operations.default([]) }),
  classes: z.partialRecord(ClassName, Access).default({}),
  /** `Type` or `Type.field` → access: wins over the class. */
  overrides: z.record(z.string().regex(/^[A-Z]\w*(\.\w+)?$/, 'an override is "Type" or "Type.field"'), Access).default({}),
  purposeRequired: z.array(ClassName).default([]),
  /**
   * Statistics: groups of fewer rows than this are withheld (and counted as withheld), so
   * a count of one cannot single out an enterprise. Off (1) unless set.
   */
  minGroupSize: z.number().int().min(1).max(1000).default(1),
  /**
   * When present, the only operations this department may run: each document exactly as
   * the front-end sends it (matched by SHA-256). Anything else is refused.
   */
  safelist: z.array(z.string().min(1).max(100_000)).max(10_000).optional(),
});
export type DepartmentPolicy = z.infer<typeof DepartmentPolicy>;

export const PolicyFile = z.strictObject({ departments: z.record(z.string(), DepartmentPolicy) });
export type PolicyFile = z.infer<typeof PolicyFile>;

const ROOT_OPERATIONS: Readonly<Record<string, 'query' | 'mutation' | 'subscription'>> = { Query: 'query', Mutation: 'mutation', Subscription: 'subscription' };

export class Policy {
  private readonly safelists = new Map<string, Set<string>>();

  constructor(private readonly file: PolicyFile) {
    for (const [dept, p] of Object.entries(file.departments)) if (p.safelist) this.safelists.set(dept, new Set(p.safelist.map(sha256)));
  }

  static empty(): Policy {
    return new Policy({ departments: {} });
  }

  departments(): string[] {
    return Object.keys(this.file.departments);
  }

  private dept(department: string | null): DepartmentPolicy | undefined {
    return department ? this.file.departments[department] : undefined;
  }

  /** Whether `document` may run for `department`: always, unless the department has a safelist without it. */
  safelisted(department: string | null, document: string): boolean {
    const list = department ? this.safelists.get(department) : undefined;
    return !list || list.has(sha256(document));
  }

  /** Whether `department` may run the root field `root.field` (root: Query, Mutation, Subscription). */
  operationAllowed(department: string | null, root: string, field: string): boolean {
    const kind = ROOT_OPERATIONS[root];
    const ops = kind ? this.dept(department)?.operations[kind] : undefined;
    return ops === '*' || (Array.isArray(ops) && ops.includes(field));
  }

  /** allow / mask / deny for a leaf field `type.field` of data class `cls`. */
  fieldAccess(department: string | null, type: string, field: string, cls: DataClassName): Access {
    if (cls === 'STRUCTURE') return 'allow';
    const d = this.dept(department);
    if (!d) return 'deny';
    return d.overrides[`${type}.${field}`] ?? d.overrides[type] ?? d.classes[cls] ?? 'deny';
  }

  /** Access to a whole class (rows of an alert or change bound to it), overrides aside. */
  classAccess(department: string | null, cls: DataClassName): Access {
    if (cls === 'STRUCTURE') return 'allow';
    return this.dept(department)?.classes[cls] ?? 'deny';
  }

  /** The smallest group statistics may show this department. */
  minGroupSize(department: string | null): number {
    return this.dept(department)?.minGroupSize ?? 1;
  }

  purposeRequired(department: string | null, cls: DataClassName): boolean {
    return !!this.dept(department)?.purposeRequired.includes(cls);
  }
}
