// Loads a generated roster in one transaction, in multi-row inserts of ~1000 rows. Every insert
// skips rows whose key already exists, and a child row is written only when its parents were
// written in this load, so loading the same roster twice adds nothing and a roster whose
// experts collide with existing ones (same e-mail) still loads the rest without failing.
import { chmodSync, writeFileSync } from 'node:fs';
import { asc, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Role } from '../server/auth.js';
import { issueToken, liveTokenNamed } from '../server/repo/tokens.js';
import type { Db } from '../server/db/index.js';
import {
  assignments,
  availabilityPeriods,
  deploymentRequests,
  expertExpertise,
  expertLanguages,
  experts,
  requestRoles,
  requestTransitions,
} from '../schema/index.js';
import type { Roster } from './types.js';

export type RosterCounts = Record<keyof Roster, number>;

const CHUNK = 1000;

/** Inserts `rows` in chunks, skipping conflicts; returns the `key` of each row actually written. */
async function insertNew<T extends Record<string, unknown>, K>(
  tx: Db,
  table: PgTable,
  rows: readonly T[],
  key: (returned: Record<string, unknown>) => K,
  returning: Record<string, unknown>,
): Promise<K[]> {
  const written: K[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const result = (await tx
      .insert(table)
      .values(chunk as never)
      .onConflictDoNothing()
      .returning(returning as never)) as Record<string, unknown>[];
    for (const row of result) written.push(key(row));
  }
  return written;
}

export async function loadRoster(db: Db, roster: Roster): Promise<RosterCounts> {
  const counts = await db.transaction(async (tx) => {
    const expertIds = new Set(await insertNew(tx, experts, roster.experts, (r) => r.id as string, { id: experts.id }));
    const ofNewExpert = <T extends { expertId: string }>(rows: readonly T[]) => rows.filter((r) => expertIds.has(r.expertId));
    const languages = await insertNew(tx, expertLanguages, ofNewExpert(roster.expertLanguages), () => 1, { code: expertLanguages.code });
    const expertise = await insertNew(tx, expertExpertise, ofNewExpert(roster.expertExpertise), () => 1, { code: expertExpertise.areaCode });
    const periods = await insertNew(tx, availabilityPeriods, ofNewExpert(roster.availabilityPeriods), () => 1, { id: availabilityPeriods.id });

    const requestIds = new Set(
      await insertNew(tx, deploymentRequests, roster.deploymentRequests, (r) => r.id as string, { id: deploymentRequests.id }),
    );
    const roleIds = new Set(
      await insertNew(
        tx,
        requestRoles,
        roster.requestRoles.filter((r) => requestIds.has(r.requestId)),
        (r) => r.id as string,
        { id: requestRoles.id },
      ),
    );
    const held = await insertNew(
      tx,
      assignments,
      roster.assignments.filter((a) => roleIds.has(a.roleId) && expertIds.has(a.expertId)),
      () => 1,
      { id: assignments.id },
    );
    // Transitions have serial ids: written once, with their request, in the generator's order.
    const transitions = await insertNew(
      tx,
      requestTransitions,
      roster.requestTransitions.filter((t) => requestIds.has(t.requestId)),
      () => 1,
      { id: requestTransitions.id },
    );
    return {
      experts: expertIds.size,
      expertLanguages: languages.length,
      expertExpertise: expertise.length,
      availabilityPeriods: periods.length,
      deploymentRequests: requestIds.size,
      requestRoles: roleIds.size,
      assignments: held.length,
      requestTransitions: transitions.length,
    };
  });
  // Fresh statistics, so that the first queries after a bulk load get sensible plans.
  if (counts.experts || counts.deploymentRequests) {
    await db.execute(
      sql`analyze experts, expert_languages, expert_expertise, availability_periods, deployment_requests, request_roles, assignments, request_transitions`,
    );
  }
  return counts;
}

export interface DemoToken {
  role: Role;
  name: string;
  /** The plain secret: shown once, only its hash is stored. */
  token: string;
}

const DEMO_TOKENS: readonly { role: Role; name: string }[] = [
  { role: 'COORDINATOR', name: 'Demo coordinator' },
  { role: 'REQUESTER', name: 'Demo requester (UNOWAS)' },
  { role: 'EXPERT', name: 'Demo expert' },
];

/**
 * Issues the three demo tokens: a coordinator, a requester, and an expert bound to the first
 * standby-team member by name. A demo token that already exists (same role and name, not
 * revoked) is not issued again, since its secret cannot be shown twice.
 */
export async function createDemoTokens(db: Db): Promise<DemoToken[]> {
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: experts.id, fullName: experts.fullName })
      .from(experts)
      .where(eq(experts.tier, 'STANDBY_TEAM'))
      .orderBy(asc(experts.nameKey), asc(experts.id))
      .limit(1);
    const issued: DemoToken[] = [];
    for (const demo of DEMO_TOKENS) {
      if (demo.role === 'EXPERT' && !member) continue;
      const name = demo.role === 'EXPERT' ? `${demo.name}: ${member!.fullName}` : demo.name;
      if (await liveTokenNamed(tx, demo.role, name)) continue;
      const { secret: token, row } = await issueToken(tx, { role: demo.role, name, expertId: demo.role === 'EXPERT' ? member!.id : null });
      // The demo requester owns the seeded requests, so that it sees them as an envoy would.
      if (demo.role === 'REQUESTER') {
        await tx.update(deploymentRequests).set({ ownerPrincipal: row.id }).where(eq(deploymentRequests.ownerPrincipal, 'seed'));
      }
      issued.push({ role: demo.role, name, token });
    }
    return issued;
  });
}

export interface DemoTokenTarget {
  /** The file that keeps them, readable only by this user (an embedded data directory's demo-tokens.txt). */
  file?: string;
  /** Whether stdout is the terminal of an interactive development start (never a log). */
  terminal: boolean;
}

/**
 * Issues the demo tokens only where they may go: to `target.file` (mode 0600) and to the terminal
 * of an interactive development start, never to a log. Returns the lines to print; with neither,
 * issues none (start with ADMIN_TOKEN and issue tokens instead).
 */
export async function issueDemoTokens(db: Db, target: DemoTokenTarget): Promise<string[]> {
  if (!target.file && !target.terminal) {
    return ['Demo tokens were not issued: there is no data directory to keep them and stdout is not a terminal; set ADMIN_TOKEN and use createApiToken.'];
  }
  const tokens = await createDemoTokens(db);
  if (!tokens.length) return [`Demo tokens: issued by an earlier run${target.file ? `, in ${target.file}` : ''} (a secret is shown only once).`];
  const lines = tokens.map((t) => `  ${t.role.padEnd(11)} ${t.token}   (${t.name})`);
  if (target.file) {
    writeFileSync(target.file, `${lines.join('\n')}\n`, { mode: 0o600 });
    chmodSync(target.file, 0o600);
  }
  if (target.terminal) return ['Demo tokens (shown once; send as "Authorization: Bearer <token>"):', ...lines];
  return [`Demo tokens: in ${target.file}, readable only by this user.`];
}

