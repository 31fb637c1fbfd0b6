// The role matrix (docs/api.md, "Roles"): every operation of the public contract, sent verbatim from
// test/contract/operations.graphql, as anonymous, as an EXPERT on its own data and on another
// expert's, as the REQUESTER that owns the request and as another REQUESTER, as COORDINATOR and as
// ADMIN. Each cell is the expected outcome; a refused mutation must leave the database unchanged.
// Subscriptions run over SSE on a real listening port.
import { Kind, validate, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../../server/domain/dates.js';
import { schema } from '../../server/graphql/schema.js';
import { openSse } from '../support/sse.js';
import { startHarness, type GqlResult, type Harness } from '../support/harness.js';
import { completeWith } from '../support/fixtures.js';
import { contractOperations, OPS, PENDING } from '../support/contract.js';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/rows.js';

const definitions = contractOperations;

const VIEWERS = ['anonymous', 'expertSelf', 'expertOther', 'requester', 'requesterOther', 'coordinator', 'admin'] as const;
type Viewer = (typeof VIEWERS)[number];
type Check = (res: GqlResult, viewer: Viewer) => void | Promise<void>;
type Outcome = 'UNAUTHENTICATED' | 'FORBIDDEN' | Check;

interface Case {
  /** Variables for this viewer; may create fresh data first (as the bootstrap ADMIN). */
  vars: (viewer: Viewer) => Promise<Record<string, unknown>> | Record<string, unknown>;
  outcomes: Record<Viewer, Outcome>;
  /** Subscriptions: what to do once subscribed, so that an event is due. */
  trigger?: (vars: Record<string, unknown>, viewer: Viewer) => Promise<void>;
}

let h: Harness;
let base: string;
const tokens = {} as Record<Viewer, string | null>;
const fx = {} as { e1: string; e2: string; e1Name: string; q1: string; q1Start: string; q1End: string; q2: string; a1: string; e3Done: string };
const ownedBy = new Map<string, Set<string>>(); // token → request ids it created

// Every setup takes its own window of days, so that no two offers to one expert overlap.
const T0 = addDays(today(), 60);
let windows = 0;
function nextWindow(length = 2): { startDate: string; endDate: string } {
  const start = addDays(T0, 10 + 4 * windows++);
  return { startDate: start, endDate: addDays(start, length - 1) };
}

async function admin<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await h.gql<T>(query, variables);
  if (res.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

let made = 0;
async function newExpert(input: Record<string, unknown> = {}): Promise<string> {
  made += 1;
  const data = await admin(OPS.get('CreateExpert')!.text, {
    input: {
      fullName: `Matrix Expert ${made}`,
      email: `matrix.${made}@example.org`,
      gender: 'FEMALE',
      nationalities: ['FR'],
      languages: [{ code: 'fr', proficiency: 'FLUENT' }],
      expertise: [{ area: 'PROCESS_DESIGN', level: 3 }],
      ...input,
    },
  });
  return data.createExpert.expert.id;
}

async function newRequest(token: string | null, count = 1, window = nextWindow()): Promise<{ id: string; roleId: string }> {
  const res = await h.gql(
    OPS.get('CreateDeploymentRequest')!.text,
    { input: { title: 'Matrix request', requestingEntity: 'UNOWAS', country: 'GN', mode: 'REMOTE', ...window, roles: [{ expertise: 'PROCESS_DESIGN', count }] } },
    token ?? undefined,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const request = res.data.createDeploymentRequest.request;
  if (token) ownedBy.set(token, (ownedBy.get(token) ?? new Set()).add(request.id));
  return { id: request.id, roleId: request.roles[0].id };
}

async function offer(roleId: string, expertId: string): Promise<string> {
  return (await admin(OPS.get('OfferAssignment')!.text, { input: { roleId, expertId } })).offerAssignment.assignment.id;
}

/** The one-tap secret of the offer mail for this assignment, as the outbox holds it. */
async function latestOfferSecret(assignmentId: string): Promise<string> {
  const rows = await h.database.db.execute(sql`select body->>'text' as text from outbox_message where kind = 'OFFER_MADE' order by created_at desc, id desc limit 1`);
  const text = (rowsOf<{ text: string }>(rows)[0]?.text ?? '');
  const secret = /\/respond\/([^?\s]+)/.exec(text)?.[1];
  if (!secret) throw new Error(`no offer mail for ${assignmentId}`);
  return secret;
}

// ---------------------------------------------------------------------------------------------
// Outcome helpers.

const ok =
  (check: Check): Check =>
  async (res, viewer) => {
    expect(res.errors, `${viewer}: ${JSON.stringify(res.errors)}`).toBeUndefined();
    await check(res, viewer);
  };
const all = (outcome: Outcome): Record<Viewer, Outcome> => Object.fromEntries(VIEWERS.map((v) => [v, outcome])) as Record<Viewer, Outcome>;
/** ADMIN and COORDINATOR only. */
const staffOnly = (check: Check): Record<Viewer, Outcome> => ({ ...all('FORBIDDEN'), anonymous: 'UNAUTHENTICATED', coordinator: ok(check), admin: ok(check) });
/** Both REQUESTERs and staff; not experts. */
const requestersOrStaff = (check: Check): Record<Viewer, Outcome> => ({
  ...staffOnly(check),
  requester: ok(check),
  requesterOther: ok(check),
});
/** Any signed-in viewer. */
const signedIn = (check: Check): Record<Viewer, Outcome> => ({ ...all(ok(check)), anonymous: 'UNAUTHENTICATED' });
/** Staff, and the EXPERT the data belongs to. */
const selfOrStaff = (check: Check): Record<Viewer, Outcome> => ({ ...staffOnly(check), expertSelf: ok(check) });

const ids = (list: { id: string }[]) => list.map((n) => n.id);

/** The expert of an OFFERED assignment from offerUpdates, read back as ADMIN. */
async function offeredTo(event: { id: string; status: string }): Promise<string> {
  expect(event.status).toBe('OFFERED');
  return (await admin(`query($id: ID!) { node(id: $id) { ... on Assignment { expert { id } } } }`, { id: event.id })).node.expert.id;
}

// ---------------------------------------------------------------------------------------------
// The matrix, one entry per contract operation.

const CASES: Record<string, Case> = {
  Me: {
    vars: () => ({}),
    outcomes: signedIn((res, viewer) => {
      const role = { expertSelf: 'EXPERT', expertOther: 'EXPERT', requester: 'REQUESTER', requesterOther: 'REQUESTER', coordinator: 'COORDINATOR', admin: 'ADMIN' }[viewer as Exclude<Viewer, 'anonymous'>];
      const expert = viewer === 'expertSelf' ? { id: fx.e1 } : viewer === 'expertOther' ? { id: fx.e2 } : null;
      expect(res.data.me).toEqual({ role, expert });
    }),
  },
  CreateApiToken: {
    vars: () => ({ input: { role: 'REQUESTER', name: 'Matrix requester' } }),
    outcomes: {
      ...staffOnly(() => {}),
      coordinator: 'FORBIDDEN',
      admin: ok((res) => {
        expect(res.data.createApiToken.token).toMatch(/^sb_[\w-]{20,}$/);
        expect(res.data.createApiToken.apiToken).toMatchObject({ role: 'REQUESTER', name: 'Matrix requester' });
      }),
    },
  },
  CreateExpert: {
    vars: () => ({ input: { fullName: `Created ${++made}`, email: `created.${made}@example.org`, languages: [{ code: 'en', proficiency: 'NATIVE' }] } }),
    outcomes: staffOnly((res) => {
      expect(res.data.createExpert.expert).toMatchObject({ version: 1, tier: 'ROSTER', languages: [{ code: 'en', proficiency: 'NATIVE' }] });
    }),
  },
  UpdateExpert: {
    vars: async () => {
      const { node } = await admin(`query($id: ID!) { node(id: $id) { ... on Expert { version } } }`, { id: fx.e1 });
      return { input: { id: fx.e1, expectedVersion: node.version, homeTimeZone: 'Europe/Lisbon' } };
    },
    outcomes: selfOrStaff((res) => {
      expect(res.data.updateExpert.expert).toMatchObject({ id: fx.e1, homeTimeZone: 'Europe/Lisbon' });
    }),
  },
  SetAvailability: {
    vars: () => {
      const w = nextWindow();
      return { input: { expertId: fx.e1, ...w, status: 'TENTATIVE', note: 'maybe' }, from: w.startDate, to: w.endDate };
    },
    outcomes: selfOrStaff((res) => {
      const [period, ...rest] = res.data.setAvailability.expert.availability;
      expect(rest).toEqual([]);
      expect(period.status).toBe('TENTATIVE');
    }),
  },
  ExpertAvailability: {
    vars: () => ({ id: fx.e1, from: addDays(fx.q1Start, -1), to: addDays(fx.q1End, 1) }),
    outcomes: {
      ...selfOrStaff((res) => {
        expect(res.data.node.availability).toEqual([
          { startDate: addDays(fx.q1Start, -1), endDate: addDays(fx.q1Start, -1), status: 'AVAILABLE' },
          { startDate: fx.q1Start, endDate: fx.q1End, status: 'ASSIGNED' },
          { startDate: addDays(fx.q1End, 1), endDate: addDays(fx.q1End, 1), status: 'AVAILABLE' },
        ]);
      }),
      // The owner of a request the expert is on sees the expert, but not its availability.
      requester: (res) => {
        expect(res.data.node).toEqual({ id: fx.e1, availability: null });
        expect(res.errors?.map((e) => [e.extensions.code, e.path])).toEqual([['FORBIDDEN', ['node', 'availability']]]);
      },
    },
  },
  ExpertProfile: {
    vars: () => ({ id: fx.e1 }),
    outcomes: {
      ...selfOrStaff((res) => {
        expect(res.data.node).toMatchObject({ id: fx.e1, fullName: fx.e1Name, email: 'subject@example.org', gender: 'FEMALE', nationalities: ['FR'] });
      }),
      // Names, tier, expertise and languages; not the email (nor gender or nationalities).
      requester: (res) => {
        expect(res.data.node).toEqual({
          id: fx.e1,
          fullName: fx.e1Name,
          tier: 'STANDBY_TEAM',
          email: null,
          gender: null,
          nationalities: null,
          languages: [
            { code: 'fr', proficiency: 'NATIVE' },
            { code: 'en', proficiency: 'WORKING' },
          ],
          expertise: [{ area: { code: 'PROCESS_DESIGN' }, level: 4 }],
        });
        expect(res.errors?.every((e) => e.extensions.code === 'FORBIDDEN')).toBe(true);
        expect(res.errors?.map((e) => e.path?.[1]).sort()).toEqual(['email', 'gender', 'nationalities']);
      },
    },
  },
  Experts: {
    vars: () => ({ first: 100, filter: { search: 'subject' } }),
    outcomes: staffOnly((res) => {
      expect(res.data.experts.totalCount).toBe(1);
      expect(res.data.experts.edges.map((e: any) => e.node.id)).toEqual([fx.e1]);
    }),
  },
  ExpertiseAreas: {
    vars: () => ({}),
    outcomes: signedIn((res) => {
      expect(res.data.expertiseAreas).toHaveLength(10);
      expect(res.data.expertiseAreas[0]).toEqual({ code: 'PROCESS_DESIGN', name: 'Process design' });
    }),
  },
  CreateDeploymentRequest: {
    vars: () => ({ input: { title: 'Created in the matrix', requestingEntity: 'UNSMIL', country: 'LY', mode: 'HYBRID', ...nextWindow(), roles: [{ expertise: 'POWER_SHARING' }] } }),
    outcomes: requestersOrStaff((res, viewer) => {
      const request = res.data.createDeploymentRequest.request;
      expect(request).toMatchObject({ status: 'SUBMITTED', title: 'Created in the matrix', country: 'LY', mode: 'HYBRID', minWomen: 0 });
      expect(request.roles).toMatchObject([{ expertise: { code: 'POWER_SHARING' }, minLevel: 1, languages: [], count: 1 }]);
      const token = tokens[viewer]!;
      ownedBy.set(token, (ownedBy.get(token) ?? new Set()).add(request.id));
    }),
  },
  DeploymentRequest: {
    vars: () => ({ id: fx.q1 }),
    outcomes: {
      ...staffOnly((res) => {
        expect(res.data.node).toMatchObject({ id: fx.q1, status: 'STAFFING' });
        expect(res.data.node.roles[0].assignments).toEqual([{ id: fx.a1, status: 'OFFERED', expert: { id: fx.e1 } }]);
      }),
      // The expert holding an offer on it reads it, and sees its own assignment only.
      expertSelf: ok((res) => {
        expect(res.data.node.roles[0].assignments).toEqual([{ id: fx.a1, status: 'OFFERED', expert: { id: fx.e1 } }]);
      }),
      // Its owner reads it, with the expert assigned.
      requester: ok((res) => {
        expect(res.data.node).toMatchObject({ id: fx.q1, status: 'STAFFING', title: 'Owned by the requester' });
        expect(res.data.node.roles[0].assignments[0].expert).toEqual({ id: fx.e1 });
      }),
    },
  },
  DeploymentRequests: {
    vars: () => ({ first: 100 }),
    outcomes: {
      ...signedIn(() => {}),
      admin: ok((res) => {
        const list = ids(res.data.deploymentRequests.nodes);
        expect(list).toEqual(expect.arrayContaining([fx.q1, fx.q2]));
        expect(res.data.deploymentRequests.totalCount).toBe(list.length);
      }),
      coordinator: ok((res) => expect(ids(res.data.deploymentRequests.nodes)).toEqual(expect.arrayContaining([fx.q1, fx.q2]))),
      // A REQUESTER sees its own requests only.
      requester: ok((res) => {
        const list = ids(res.data.deploymentRequests.nodes);
        expect(list).toContain(fx.q1);
        expect(list.every((id) => ownedBy.get(tokens.requester!)!.has(id))).toBe(true);
        expect(res.data.deploymentRequests.totalCount).toBe(list.length);
      }),
      requesterOther: ok((res) => {
        const list = ids(res.data.deploymentRequests.nodes);
        expect(list.every((id) => ownedBy.get(tokens.requesterOther!)?.has(id))).toBe(true);
        expect(list).not.toContain(fx.q1);
      }),
      // An EXPERT sees the requests it holds an assignment on.
      expertSelf: ok((res) => {
        const list = ids(res.data.deploymentRequests.nodes);
        expect(list).toContain(fx.q1);
        expect(list).not.toContain(fx.q2);
      }),
      expertOther: ok((res) => {
        const list = ids(res.data.deploymentRequests.nodes);
        expect(list).not.toContain(fx.q1);
        expect(list).not.toContain(fx.q2);
      }),
    },
  },
  ProposeTeam: {
    vars: () => ({ requestId: fx.q2, candidates: 3, excluded: 3 }),
    outcomes: staffOnly((res) => {
      const proposal = res.data.proposeTeam;
      expect(typeof proposal.complete).toBe('boolean');
      expect(proposal.candidates.length).toBeLessThanOrEqual(3);
      expect(proposal.excluded.length).toBeLessThanOrEqual(3);
    }),
  },
  OfferAssignment: {
    vars: async () => ({ input: { roleId: (await newRequest(tokens.requester)).roleId, expertId: await newExpert() } }),
    outcomes: staffOnly((res) => expect(res.data.offerAssignment.assignment.status).toBe('OFFERED')),
  },
  RespondToOffer: {
    vars: async () => ({ input: { assignmentId: await offer((await newRequest(tokens.requester)).roleId, fx.e1), accept: true, note: 'Happy to' } }),
    // Only the expert offered, or staff on their behalf; not the request's owner.
    outcomes: selfOrStaff((res) => expect(res.data.respondToOffer.assignment.status).toBe('ACCEPTED')),
  },
  OfferAssignmentBy: {
    vars: async () => ({ input: { roleId: (await newRequest(tokens.requester)).roleId, expertId: await newExpert(), respondBy: new Date(Date.now() + 3 * 3_600_000).toISOString() } }),
    outcomes: staffOnly((res) => {
      const { assignment } = res.data.offerAssignment;
      expect(assignment.status).toBe('OFFERED');
      expect(Date.parse(assignment.respondBy) - Date.now()).toBeGreaterThan(2.9 * 3_600_000);
    }),
  },
  RespondToOfferByLink: {
    // The secret is the credential: whoever holds it answers as the expert it names, token or not.
    vars: async () => ({ input: { secret: await latestOfferSecret(await offer((await newRequest(tokens.requester)).roleId, await newExpert())), accept: true } }),
    outcomes: all(ok((res) => expect(res.data.respondToOfferByLink.assignment.status).toBe('ACCEPTED'))),
  },
  Outbox: {
    vars: () => ({ first: 5, filter: { kind: 'OFFER_MADE' } }),
    outcomes: staffOnly((res) => {
      const nodes = res.data.outbox.edges.map((e: { node: { kind: string; channel: string } }) => e.node);
      expect(nodes.length).toBeGreaterThan(0);
      for (const node of nodes) expect(node).toMatchObject({ kind: 'OFFER_MADE', channel: 'EMAIL' });
    }),
  },
  ExpiringClearances: {
    vars: () => ({ withinDays: 30 }),
    outcomes: staffOnly((res) => expect(res.data.expiringClearances.map((c: { expert: { id: string } }) => c.expert.id)).toContain(fx.e2)),
  },
  ApproveDeploymentRequest: {
    vars: async () => {
      const request = await newRequest(tokens.requester);
      const assignmentId = await offer(request.roleId, fx.e1);
      await admin(OPS.get('RespondToOffer')!.text, { input: { assignmentId, accept: true } });
      return { input: { requestId: request.id } };
    },
    outcomes: staffOnly((res) => expect(res.data.approveDeploymentRequest.request.status).toBe('APPROVED')),
  },
  CancelDeploymentRequest: {
    vars: async () => ({ input: { requestId: (await newRequest(tokens.requester)).id, note: 'No longer needed' } }),
    outcomes: {
      ...staffOnly((res) => expect(res.data.cancelDeploymentRequest.request.status).toBe('CANCELLED')),
      // The REQUESTER that made it may cancel it; another may not.
      requester: ok((res) => expect(res.data.cancelDeploymentRequest.request.status).toBe('CANCELLED')),
    },
  },
  OfferProposedTeam: {
    vars: async () => ({ input: { requestId: (await newRequest(tokens.requester)).id } }),
    outcomes: staffOnly((res) => {
      expect(res.data.offerProposedTeam.request.status).toBe('STAFFING');
      expect(res.data.offerProposedTeam.assignments).toHaveLength(1);
      expect(res.data.offerProposedTeam.assignments[0].status).toBe('OFFERED');
    }),
  },
  RosterCoverage: {
    vars: () => ({ from: addDays(T0, 2000), to: addDays(T0, 2006), minExperts: 2 }), // a window no setup uses
    outcomes: staffOnly((res) => {
      const row = res.data.rosterCoverage.find((r: any) => r.expertise.code === 'PROCESS_DESIGN' && r.language === 'fr');
      expect(row.availableExperts).toBeGreaterThanOrEqual(2);
    }),
  },
  StaffingMetrics: {
    vars: () => ({ from: addDays(today(), -1), to: addDays(today(), 1) }),
    outcomes: staffOnly((res) => {
      const counts = Object.fromEntries(res.data.staffingMetrics.requestsByStatus.map((r: any) => [r.status, r.count]));
      expect(counts.STAFFING).toBeGreaterThanOrEqual(1);
    }),
  },
  RegenerateCalendarFeed: {
    vars: () => ({ input: { expertId: fx.e1 } }),
    outcomes: selfOrStaff((res) => expect(res.data.regenerateCalendarFeed.url).toMatch(/\/calendar\/[\w-]+\.ics$/)),
  },
  CreateWebhook: {
    // localhost is loopback: this file's harness sets WEBHOOK_ALLOW_PRIVATE=1 (port 9 answers nothing).
    vars: (viewer) => ({ input: { url: `http://localhost:9/matrix/${viewer}`, events: ['REQUEST_UPDATED'] } }),
    // REQUESTERs and staff; experts have no requests to hear about.
    outcomes: requestersOrStaff((res, viewer) => {
      expect(res.data.createWebhook.secret).toMatch(/^whsec_[\w-]{40,}$/);
      expect(res.data.createWebhook.webhook).toMatchObject({ url: `http://localhost:9/matrix/${viewer}`, events: ['REQUEST_UPDATED'] });
    }),
  },
  DeploymentRequestUpdated: {
    vars: async () => ({ id: (await newRequest(tokens.requester, 2)).id }),
    trigger: async (vars) => {
      const { node } = await admin(`query($id: ID!) { node(id: $id) { ... on DeploymentRequest { roles { id } } } }`, { id: vars.id });
      await offer(node.roles[0].id, await newExpert());
    },
    // The request's owner and staff.
    outcomes: {
      ...staffOnly((res) => expect(res.data.deploymentRequestUpdated.status).toBe('STAFFING')),
      requester: ok((res) => expect(res.data.deploymentRequestUpdated.status).toBe('STAFFING')),
    },
  },
  AppraiseAssignment: {
    // A COMPLETED assignment on the requester's request; each viewer is another author.
    vars: (viewer) => ({ input: { assignmentId: fx.e3Done, rating: 1 + (VIEWERS.indexOf(viewer) % 5), comment: `by ${viewer}` } }),
    // Staff, and the REQUESTER that owns the request; not another requester, nor experts.
    outcomes: {
      ...staffOnly((res, viewer) => expect(res.data.appraiseAssignment.appraisal.rating).toBe(1 + (VIEWERS.indexOf(viewer) % 5))),
      requester: ok((res) => expect(res.data.appraiseAssignment.appraisal.rating).toBe(1 + (VIEWERS.indexOf('requester') % 5))),
    },
  },
  DeclareInterest: {
    vars: () => ({ input: { expertId: fx.e1, party: `Matrix party ${++made}`, note: 'declared in the matrix' } }),
    outcomes: selfOrStaff((res) => {
      const { expert } = res.data.declareInterest;
      expect(expert.id).toBe(fx.e1);
      expect(expert.declaredInterests.at(-1)).toMatchObject({ country: null, party: `Matrix party ${made}` });
    }),
  },
  ExpertAppraisals: {
    // e1 was appraised 5 by the bootstrap ADMIN and 2 by the requester (set up below).
    vars: () => ({ id: fx.e1 }),
    outcomes: {
      ...selfOrStaff((res) => {
        expect(res.data.node.averageRating).toBe(3.5);
        expect(res.data.node.appraisals.map((a: { rating: number }) => a.rating).sort()).toEqual([2, 5]);
      }),
      // The owner of a request the expert is on sees the expert, not its appraisals (Assignment.appraisals has its own).
      requester: (res) => {
        expect(res.data.node).toEqual({ id: fx.e1, averageRating: null, appraisals: null });
        expect(res.errors?.map((e) => [e.extensions.code, e.path?.[1]]).sort()).toEqual([['FORBIDDEN', 'appraisals'], ['FORBIDDEN', 'averageRating']]);
      },
    },
  },
  OfferUpdates: {
    vars: () => ({}),
    // An offer to the subject expert, then one to the other: each expert hears of its own only.
    trigger: async () => {
      await offer((await newRequest(null)).roleId, fx.e1);
      await offer((await newRequest(null)).roleId, fx.e2);
    },
    outcomes: {
      ...all('FORBIDDEN'),
      anonymous: 'UNAUTHENTICATED',
      expertSelf: ok(async (res) => expect(await offeredTo(res.data.offerUpdates)).toBe(fx.e1)),
      expertOther: ok(async (res) => expect(await offeredTo(res.data.offerUpdates)).toBe(fx.e2)),
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Running one cell.

async function runSubscription(text: string, vars: Record<string, unknown>, token: string | null, trigger: () => Promise<void>): Promise<{ res: GqlResult; assignmentExpert?: string }> {
  const stream = await openSse(`${base}/graphql`, text, vars, token);
  const events = stream.events;
  try {
    await new Promise((r) => setTimeout(r, 150)); // let the server register the subscription
    if (!events.length && !stream.ended()) await trigger();
    const deadline = Date.now() + 3000;
    while (!events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(events.length, 'an event or an error within 3 s').toBeGreaterThan(0);
    return { res: { status: stream.status, data: events[0].data, errors: events[0].errors } };
  } finally {
    stream.close();
  }
}

async function expectOutcome(name: string, viewer: Viewer, outcome: Outcome, res: GqlResult): Promise<void> {
  if (typeof outcome === 'function') return outcome(res, viewer);
  expect(res.errors?.length, `${name} as ${viewer}: ${JSON.stringify(res)}`).toBeGreaterThan(0);
  expect(new Set(res.errors!.map((e) => e.extensions.code)), `${name} as ${viewer}: ${JSON.stringify(res.errors)}`).toEqual(new Set([outcome]));
  // No data leaks next to the error: the operation's root field is null or absent.
  for (const value of Object.values(res.data ?? {})) expect(value).toBeNull();
}

beforeAll(async () => {
  h = await startHarness({ env: { WEBHOOK_ALLOW_PRIVATE: '1' } });
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  fx.e1Name = 'Subject Expert';
  fx.e1 = await newExpert({
    fullName: fx.e1Name,
    email: 'subject@example.org',
    tier: 'STANDBY_TEAM',
    securityTrainingValidUntil: '2030-01-31',
    medicalClearanceValidUntil: '2030-02-28',
    languages: [
      { code: 'en', proficiency: 'WORKING' },
      { code: 'fr', proficiency: 'NATIVE' },
    ],
    expertise: [{ area: 'PROCESS_DESIGN', level: 4 }],
  });
  // e2's medical clearance ends in 20 days: expiringClearances(30) lists it.
  fx.e2 = await newExpert({ fullName: 'Other Expert', email: 'other@example.org', medicalClearanceValidUntil: addDays(today(), 20) });
  tokens.anonymous = null;
  tokens.expertSelf = await h.token('EXPERT', fx.e1);
  tokens.expertOther = await h.token('EXPERT', fx.e2);
  tokens.requester = await h.token('REQUESTER');
  tokens.requesterOther = await h.token('REQUESTER');
  tokens.coordinator = await h.token('COORDINATOR');
  tokens.admin = await h.token('ADMIN');
  // Q1: the requester's own request, with the subject expert offered a seat on it.
  const w = nextWindow(5);
  const q1 = await h.gql(OPS.get('CreateDeploymentRequest')!.text, {
    input: { title: 'Owned by the requester', requestingEntity: 'UNOWAS', country: 'GN', mode: 'REMOTE', ...w, roles: [{ expertise: 'PROCESS_DESIGN' }] },
  }, tokens.requester);
  fx.q1 = q1.data.createDeploymentRequest.request.id;
  fx.q1Start = w.startDate;
  fx.q1End = w.endDate;
  ownedBy.set(tokens.requester, new Set([fx.q1]));
  fx.a1 = await offer(q1.data.createDeploymentRequest.request.roles[0].id, fx.e1);
  // Q2: a coordinator's request nobody is offered on.
  fx.q2 = (await newRequest(tokens.coordinator)).id;
  // Completed work on the requester's requests: a third expert's to appraise in the matrix, e1's appraised already.
  const done = async (expertId: string) => {
    const request = await newRequest(tokens.requester);
    return (await completeWith(h.gql, { id: request.id, roleIds: [request.roleId] }, [expertId]))[0]!;
  };
  fx.e3Done = await done(await newExpert());
  const e1Done = await done(fx.e1);
  await admin(OPS.get('AppraiseAssignment')!.text, { input: { assignmentId: e1Done, rating: 5 } });
  const byOwner = await h.gql(OPS.get('AppraiseAssignment')!.text, { input: { assignmentId: e1Done, rating: 2 } }, tokens.requester);
  if (byOwner.errors) throw new Error(JSON.stringify(byOwner.errors));
}, 120_000);
afterAll(() => h?.close());

describe('the role matrix', () => {
  it('covers every contract operation except the PENDING ones', () => {
    expect(OPS.size).toBe(definitions.length);
    expect(new Set([...Object.keys(CASES), ...PENDING.keys()])).toEqual(new Set(OPS.keys()));
    for (const name of PENDING.keys()) expect(Object.keys(CASES)).not.toContain(name);
  });

  for (const name of PENDING.keys()) {
    it(`${name} is PENDING: it does not validate yet`, () => {
      const doc: DocumentNode = { kind: Kind.DOCUMENT, definitions: [OPS.get(name)!.node] };
      expect(validate(schema, doc).length).toBeGreaterThan(0);
    });
  }

  const cells = Object.entries(CASES).flatMap(([name, c]) => VIEWERS.map((viewer) => ({ name, viewer, c })));
  it.each(cells)('$name as $viewer', async ({ name, viewer, c }) => {
    const op = OPS.get(name)!;
    const outcome = c.outcomes[viewer];
    const vars = await c.vars(viewer);
    if (op.kind === 'subscription') {
      const { res } = await runSubscription(op.text, vars, tokens[viewer], () => c.trigger!(vars, viewer));
      await expectOutcome(name, viewer, outcome, res);
      return;
    }
    const before = op.kind === 'mutation' && typeof outcome === 'string' ? await h.snapshot() : undefined;
    const res = await h.gql(op.text, vars, tokens[viewer]);
    await expectOutcome(name, viewer, outcome, res);
    if (before) expect(await h.snapshot(), `${name} as ${viewer} was refused but wrote`).toEqual(before);
  });
});

describe('private fields', () => {
  const PRIVATE = `query($id: ID!) { node(id: $id) { id ... on Expert { fullName email securityTrainingValidUntil medicalClearanceValidUntil } } }`;

  it('email and clearance dates: staff and the expert itself see them', async () => {
    for (const viewer of ['expertSelf', 'coordinator', 'admin'] as const) {
      const res = await h.gql(PRIVATE, { id: fx.e1 }, tokens[viewer]);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toEqual({ id: fx.e1, fullName: fx.e1Name, email: 'subject@example.org', securityTrainingValidUntil: '2030-01-31', medicalClearanceValidUntil: '2030-02-28' });
    }
  });

  it('a REQUESTER gets them as null with FORBIDDEN, even for an expert on its own request', async () => {
    const res = await h.gql(PRIVATE, { id: fx.e1 }, tokens.requester);
    expect(res.data.node).toEqual({ id: fx.e1, fullName: fx.e1Name, email: null, securityTrainingValidUntil: null, medicalClearanceValidUntil: null });
    expect(res.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
  });

  it('another EXPERT, and a REQUESTER the expert is not assigned to, get nothing at all', async () => {
    for (const viewer of ['expertOther', 'requesterOther'] as const) {
      const res = await h.gql(PRIVATE, { id: fx.e1 }, tokens[viewer]);
      expect(res.data.node, viewer).toBeNull();
      expect(res.errors?.map((e) => e.extensions.code), viewer).toEqual(['FORBIDDEN']);
    }
    // Nor through the `expert` query.
    const res = await h.gql(`query($id: ID!) { expert(id: $id) { fullName } }`, { id: fx.e2 }, tokens.requester);
    expect(res.data.expert).toBeNull();
    expect(res.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
  });

  it('availability notes: the expert and staff only', async () => {
    const w = nextWindow();
    await admin(OPS.get('SetAvailability')!.text, { input: { expertId: fx.e1, ...w, status: 'UNAVAILABLE', note: 'Medical leave' }, from: w.startDate, to: w.endDate });
    const NOTE = `query($id: ID!, $from: Date!, $to: Date!) { node(id: $id) { ... on Expert { availability(from: $from, to: $to) { status note } } } }`;
    for (const viewer of ['expertSelf', 'coordinator'] as const) {
      const res = await h.gql(NOTE, { id: fx.e1, from: w.startDate, to: w.endDate }, tokens[viewer]);
      expect(res.data.node.availability).toEqual([{ status: 'UNAVAILABLE', note: 'Medical leave' }]);
    }
    const res = await h.gql(NOTE, { id: fx.e1, from: w.startDate, to: w.endDate }, tokens.requester);
    expect(res.data.node.availability).toBeNull();
    expect(res.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
  });

  it('__typename answers anonymously; everything else needs a token', async () => {
    expect(await h.gql(`{ __typename }`, {}, null)).toMatchObject({ data: { __typename: 'Query' } });
    const res = await h.gql(`{ expertiseAreas { code } me { role } }`, {}, null);
    expect(res.data).toBeNull();
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.errors?.every((e) => e.extensions.code === 'UNAUTHENTICATED')).toBe(true);
    // A revoked or unknown token is anonymous.
    expect((await h.gql(`{ me { role } }`, {}, 'sb_unknown')).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
