/**
 * Subscription events are answered by the read planner exactly as by the resolvers. For
 * every subscription field (each must be declared `@FromEvent`), a selection of every field
 * its declarations reach, links two levels deep, for every demo department — the district
 * office included — with and without a purpose: the events replayed from the log arrive
 * identical with the planner on and off, and their read-audit rows hold the same entities.
 * With the planner on, each event's execution is exactly one statement when the selection
 * reaches beyond the event's row (a link), and none when the row alone answers it (as the
 * hub reports every operation it audits, on its `operations` channel).
 */
import 'reflect-metadata';
import { getNamedType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, expect, it } from 'vitest';
import { DEMO_CONFIG_PATH, loadConfigFile } from '../src/config.js';
import { divisionRange } from '../src/domain/divisions.js';
import { encodeCursor } from '../src/graphql/common/connection.js';
import { eventOf, linkOf } from '../src/graphql/planner/declare.js';
import { operations, type OperationReport } from '../src/platform/channels.js';
import { Policy } from '../src/policy/policy.js';
import { demoGate, readableBy, selectionOf, withQuietDemoHub } from './support/planner-cases.js';
import { withoutRequestIds, type TestHub } from './support/hub.js';
import { bearer, DEMO_KEYS } from './support/keys.js';
import { wsClient } from './support/ws.js';

const demo = loadConfigFile(DEMO_CONFIG_PATH);
const policy = new Policy(demo.policy!);
const DISTRICT = demo.auth!.apiKeys!.find((k) => k.id === 'market-shushan-demo')!.division!;
let t: TestHub;
let schema: GraphQLSchema;
withQuietDemoHub((hub) => ({ t, schema } = hub));

interface Replay { messages: string[]; statements: number[]; entities: string[] }

/** The statements of each subscription event the hub audits (platform/channels), in order. */
const eventStatements: number[] = [];
const onOperation = (m: unknown) => {
  const r = m as OperationReport;
  if (r.operationType === 'subscription-event') eventStatements.push(r.statements);
};
operations.subscribe(onOperation);
afterAll(() => operations.unsubscribe(onOperation));

/**
 * Subscribes as `key` (with `purpose`), takes every event the replay delivers — `expected` of
 * them, else until none arrives for a while — and unsubscribes.
 */
async function replay(key: string, purpose: string | null, query: string, variables: Record<string, unknown>, planned: boolean, expected?: number): Promise<Replay> {
  t.hub.planner.enabled = planned;
  const seq = (await t.hub.database.query<{ seq: number }>('select coalesce(max(seq), 0)::int as seq from read_audit'))[0]!.seq;
  eventStatements.length = 0;
  const client = wsClient(t.hub.url, { connectionParams: { authorization: bearer(key), ...(purpose ? { purpose } : {}) } });
  const messages: string[] = [];
  let last = Date.now();
  let done = false;
  const stop = client.subscribe({ query, variables }, {
    next: (r) => {
      messages.push(JSON.stringify(withoutRequestIds(r)));
      last = Date.now();
    },
    error: (e) => {
      messages.push(JSON.stringify({ failed: e instanceof Error ? e.message : e }));
      done = true;
    },
    complete: () => {
      done = true;
    },
  });
  const started = Date.now();
  // A replay's events follow one another closely; the first may take a while on a busy machine.
  const quiet = () => (messages.length > 0 ? Date.now() - last > 1000 : Date.now() - started > 10_000);
  while (!done && (expected === undefined ? !quiet() : messages.length < expected && Date.now() - started < 30_000)) await new Promise((r) => setTimeout(r, 50));
  // Nothing beyond what was expected.
  if (expected !== undefined) await new Promise((r) => setTimeout(r, 300));
  stop();
  await client.dispose();
  const statements = [...eventStatements];
  // The events' audit rows (the subscription's own row holds no entities).
  const rows = await t.hub.database.query<{ entities: string[] }>(`select entities from read_audit where seq > $1 and operation_type = 'subscription-event' order by seq`, [seq]);
  return { messages, statements, entities: rows.flatMap((r) => r.entities).sort() };
}

it('answers every subscription event exactly as the resolvers, for every department, in one statement at most', async () => {
  const fields = Object.values(schema.getSubscriptionType()!.getFields());
  // Every subscription is planned: a new one fails here until it is declared.
  expect(fields.filter((f) => !eventOf(f)).map((f) => f.name)).toEqual([]);
  const { from, to } = divisionRange(DISTRICT);
  const lastAlert = (await t.hub.database.query<{ id: number }>('select max(id)::int as id from alert'))[0]!.id;
  // Watched entities in the district office's division (so it may watch them too), with the most changes.
  const watched = async (column: string) =>
    (await t.hub.database.query<{ k: string }>(
      `select c.${column} as k from entity_change c join ${column === 'enterprise_uscc' ? 'enterprise e on e.uscc' : 'land_parcel e on e.parcel_code'} = c.${column}
       where e.division_code >= $1 and e.division_code < $2 group by 1 order by count(*) desc, 1 limit 1`, [from, to],
    ))[0]!.k;
  const cases: Record<string, { args: string; variables: Record<string, unknown> }[]> = {
    alerts: [{ args: '(after: $after)', variables: { after: encodeCursor(lastAlert - 12) } }],
    entityChanged: [
      { args: '(type: ENTERPRISE, key: $key, after: $after)', variables: { key: await watched('enterprise_uscc'), after: encodeCursor(0) } },
      { args: '(type: LAND_PARCEL, key: $key, after: $after)', variables: { key: await watched('parcel_code'), after: encodeCursor(0) } },
    ],
  };
  expect(Object.keys(cases).sort()).toEqual(fields.map((f) => f.name).sort());
  let compared = 0;
  const events: Record<string, number> = {};
  let linkedEvents = 0;
  for (const field of fields) {
    const type = getNamedType(field.type) as GraphQLObjectType;
    for (const c of cases[field.name]!) {
      const vars = Object.keys(c.variables).map((v) => `$${v}: String!`).join(', ');
      const query = (select: string) => `subscription(${vars}) { ${field.name}${c.args} { ${select} } }`;
      for (const [name, key] of Object.entries(DEMO_KEYS)) {
        const gate = demoGate(demo, policy, key);
        for (const purpose of [null, 'planner events test']) {
          const select = selectionOf(type, 2, (ty, f) => readableBy(schema, policy, gate, purpose !== null, ty, f));
          // Links to other rows in the selection: one statement per event, else none (the event's row answers).
          const perEvent = Object.values(type.getFields()).some((f) => linkOf(f)?.where && readableBy(schema, policy, gate, purpose !== null, type, f)) ? 1 : 0;
          const label = `${field.name} ${JSON.stringify(c.variables)} as ${name}${purpose ? ' with a purpose' : ''}`;
          const resolved = await replay(key, purpose, query(select), c.variables, false);
          const planned = await replay(key, purpose, query(select), c.variables, true, resolved.messages.length);
          expect(planned.messages, label).toEqual(resolved.messages);
          expect(planned.entities, label).toEqual(resolved.entities);
          const delivered = planned.messages.filter((m) => !m.includes('"errors"') && !m.startsWith('{"failed"')).length;
          // Per event (several subscribers sharing one execution would be one report).
          expect(planned.statements, `${label}: ${perEvent} statement per event`).toEqual(planned.messages.filter((m) => !m.startsWith('{"failed"')).map(() => perEvent));
          if (perEvent) linkedEvents += planned.statements.length;
          compared++;
          events[name] = (events[name] ?? 0) + delivered;
          events[field.name] = (events[field.name] ?? 0) + delivered;
        }
      }
    }
  }
  console.info(`planner events: ${compared} replays compared, ${linkedEvents} events planned, events: ${JSON.stringify(events)}`);
  // Not vacuous: events arrived, through every subscription, for the district office too.
  for (const f of fields) expect(events[f.name], f.name).toBeGreaterThan(10);
  expect(events.marketShushan).toBeGreaterThan(0);
  expect(linkedEvents).toBeGreaterThan(100);
}, 600_000);
