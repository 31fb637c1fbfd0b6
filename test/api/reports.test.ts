// Reports and calendar feeds against a hand-computed fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { sql } from 'drizzle-orm';
import { startHarness, type Harness } from '../support/harness.js';
import { codes, createExpert, createRequest, OFFER, RESPOND } from '../support/fixtures.js';
import { addDays, today } from '../../server/domain/dates.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1]!;
const SET = `mutation($input: SetAvailabilityInput!) { setAvailability(input: $input) { expert { id } } }`;
const COVERAGE = `query($from: Date!, $to: Date!, $min: Int!) { rosterCoverage(from: $from, to: $to, minExperts: $min) {
  expertise { code } language availableExperts standbyTeamExperts standbyTeamOnly thin } }`;

async function lifecycle(op: string, requestId: string) {
  const name = { approve: 'approveDeploymentRequest', deploy: 'markDeployed', complete: 'completeDeploymentRequest', cancel: 'cancelDeploymentRequest' }[op]!;
  const input = { approve: 'ApproveDeploymentRequestInput', deploy: 'MarkDeployedInput', complete: 'CompleteDeploymentRequestInput', cancel: 'CancelDeploymentRequestInput' }[op]!;
  const res = await h.gql(`mutation($input: ${input}!) { ${name}(input: $input) { request { status } } }`, { input: { requestId } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}

async function staff(request: { roleIds: string[] }, expertIds: string[], roleIndex = 0) {
  for (const expertId of expertIds) {
    const offer = await h.gql(OFFER, { input: { roleId: request.roleIds[roleIndex], expertId } });
    if (offer.errors) throw new Error(JSON.stringify(offer.errors));
    await h.gql(RESPOND, { input: { assignmentId: offer.data.offerAssignment.assignment.id, accept: true } });
  }
}

let A: string, B: string, C: string;

describe('rosterCoverage', () => {
  beforeAll(async () => {
    A = await createExpert(h.gql, {
      gender: 'FEMALE',
      tier: 'STANDBY_TEAM',
      expertise: [{ area: 'PROCESS_DESIGN', level: 3 }],
      languages: [{ code: 'en', proficiency: 'FLUENT' }, { code: 'fr', proficiency: 'WORKING' }],
    });
    B = await createExpert(h.gql, {
      gender: 'MALE',
      expertise: [{ area: 'PROCESS_DESIGN', level: 2 }],
      languages: [{ code: 'en', proficiency: 'NATIVE' }, { code: 'fr', proficiency: 'BASIC' }],
    });
    C = await createExpert(h.gql, {
      gender: 'FEMALE',
      expertise: [{ area: 'NATURAL_RESOURCES', level: 4 }],
      languages: [{ code: 'ar', proficiency: 'WORKING' }],
    });
    await h.gql(SET, { input: { expertId: C, startDate: '2027-02-05', endDate: '2027-02-05', status: 'UNAVAILABLE' } });
    // TENTATIVE still counts as available.
    await h.gql(SET, { input: { expertId: B, startDate: '2027-02-01', endDate: '2027-02-03', status: 'TENTATIVE' } });
  });

  it('counts experts available every day, thin rows first', async () => {
    const res = await h.gql(COVERAGE, { from: '2027-02-01', to: '2027-02-10', min: 2 });
    expect(res.errors).toBeUndefined();
    const rows = res.data.rosterCoverage as any[];
    expect(rows).toHaveLength(30); // 10 areas × {ar, en, fr}
    const row = (area: string, lang: string) => rows.find((r) => r.expertise.code === area && r.language === lang);
    expect(row('PROCESS_DESIGN', 'en')).toMatchObject({ availableExperts: 2, standbyTeamExperts: 1, standbyTeamOnly: false, thin: false });
    expect(row('PROCESS_DESIGN', 'fr')).toMatchObject({ availableExperts: 1, standbyTeamOnly: true, thin: true });
    expect(row('NATURAL_RESOURCES', 'ar')).toMatchObject({ availableExperts: 0, standbyTeamOnly: false, thin: true });
    expect(rows.at(-1)).toMatchObject({ expertise: { code: 'PROCESS_DESIGN' }, language: 'en' });
    expect(rows.slice(0, -1).every((r) => r.thin)).toBe(true);
    const counts = rows.filter((r) => r.thin).map((r) => r.availableExperts);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    // Outside C's unavailable day she counts.
    const later = await h.gql(COVERAGE, { from: '2027-02-06', to: '2027-02-10', min: 1 });
    expect(later.data.rosterCoverage.find((r: any) => r.expertise.code === 'NATURAL_RESOURCES' && r.language === 'ar').availableExperts).toBe(1);
  });

  it('does not count days held by an assignment', async () => {
    const request = await createRequest(h.gql, { startDate: '2027-02-08', endDate: '2027-02-09' });
    await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId: B } });
    const res = await h.gql(COVERAGE, { from: '2027-02-01', to: '2027-02-10', min: 2 });
    expect(res.data.rosterCoverage.find((r: any) => r.expertise.code === 'PROCESS_DESIGN' && r.language === 'en').availableExperts).toBe(1);
    await lifecycle('cancel', request.id);
  });

  it('rejects a reversed window and is for staff only', async () => {
    expect(codes(await h.gql(COVERAGE, { from: '2027-02-10', to: '2027-02-01', min: 1 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.gql(COVERAGE, { from: '2027-02-01', to: '2027-02-10', min: 1 }, await h.token('REQUESTER')))).toEqual(['FORBIDDEN']);
  });
});

describe('staffingMetrics', () => {
  it('matches the hand-computed fixture', async () => {
    const r1 = await createRequest(h.gql, { minWomen: 1, startDate: '2027-03-01', endDate: '2027-03-05', roles: [{ expertise: 'PROCESS_DESIGN', count: 2 }] });
    await staff(r1, [A, B]);
    for (const op of ['approve', 'deploy', 'complete']) await lifecycle(op, r1.id);
    const r2 = await createRequest(h.gql, { minWomen: 0, startDate: '2027-04-01', endDate: '2027-04-10', roles: [{ expertise: 'NATURAL_RESOURCES' }] });
    await staff(r2, [C]);
    await lifecycle('approve', r2.id);
    await lifecycle('deploy', r2.id);
    // R2 was submitted 100 hours before it was approved and deployed; its minWomen later rose to 2.
    await h.database.db.execute(sql`update deployment_requests set submitted_at = submitted_at - interval '100 hours', min_women = 2 where id = ${rawId(r2.id)}`);
    await createRequest(h.gql, { startDate: '2027-05-01', endDate: '2027-05-02' }); // stays SUBMITTED
    const cancelled = await createRequest(h.gql, { startDate: '2027-05-01', endDate: '2027-05-02' });
    await lifecycle('cancel', cancelled.id);

    const from = addDays(today(), -10);
    const to = addDays(today(), 1);
    const res = await h.gql(
      `query($from: Date!, $to: Date!) { staffingMetrics(from: $from, to: $to) {
        requestsByStatus { status count } medianHoursToApproval p90HoursToApproval medianHoursToDeployment
        shareDeployedWithin72Hours shareTeamsMeetingMinWomen shareDeployedExpertsWomen deploymentDaysGini
        topDeployedExperts { expert { id } deployedDays } standbyTeamShareOfDeployedDays } }`,
      { from, to },
    );
    expect(res.errors).toBeUndefined();
    const m = res.data.staffingMetrics;
    const byStatus = Object.fromEntries(m.requestsByStatus.map((s: any) => [s.status, s.count]));
    // Earlier describe blocks cancelled one request of their own in this window.
    expect(byStatus).toEqual({ SUBMITTED: 1, STAFFING: 0, APPROVED: 0, DEPLOYED: 1, COMPLETED: 1, CANCELLED: 2 });
    expect(m.shareDeployedWithin72Hours).toBe(0.5);
    expect(m.shareTeamsMeetingMinWomen).toBe(0.5);
    expect(m.shareDeployedExpertsWomen).toBeCloseTo(2 / 3, 10);
    expect(m.deploymentDaysGini).toBeCloseTo(1 / 6, 10); // days 5, 5, 10
    expect(m.standbyTeamShareOfDeployedDays).toBe(0.25);
    expect(m.topDeployedExperts[0]).toEqual({ expert: { id: C }, deployedDays: 10 });
    expect(m.topDeployedExperts).toHaveLength(3);
    expect(m.medianHoursToApproval).toBeCloseTo(50, 0);
    expect(m.medianHoursToDeployment).toBeCloseTo(50, 0);
    expect(m.p90HoursToApproval).toBeCloseTo(90, 0);
  });

  it('gives null shares over an empty window', async () => {
    const res = await h.gql(`{ staffingMetrics(from: "2001-01-01", to: "2001-12-31") { shareDeployedWithin72Hours shareTeamsMeetingMinWomen shareDeployedExpertsWomen deploymentDaysGini medianHoursToApproval } }`);
    expect(res.data.staffingMetrics).toEqual({
      shareDeployedWithin72Hours: null,
      shareTeamsMeetingMinWomen: null,
      shareDeployedExpertsWomen: null,
      deploymentDaysGini: null,
      medianHoursToApproval: null,
    });
  });
});

describe('calendar feeds', () => {
  const REGENERATE = `mutation($input: RegenerateCalendarFeedInput!) { regenerateCalendarFeed(input: $input) { url } }`;

  it('serves assignments and unavailable periods as all-day events with stable UIDs', async () => {
    const expertId = await createExpert(h.gql);
    const token = await h.token('EXPERT', expertId);
    const request = await createRequest(h.gql, { title: 'Guinea electoral calendar', startDate: '2027-06-10', endDate: '2027-06-12' });
    await h.gql(OFFER, { input: { roleId: request.roleIds[0], expertId } });
    await h.gql(SET, { input: { expertId, startDate: '2027-07-01', endDate: '2027-07-14', status: 'UNAVAILABLE', note: 'Annual leave' } }, token);
    const { url } = (await h.gql(REGENERATE, { input: { expertId } }, token)).data.regenerateCalendarFeed;
    const path = new URL(url).pathname;
    const res = await h.app.inject({ method: 'GET', url: path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const events = new ICAL.Component(ICAL.parse(res.body)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.summary, e.startDate.toString(), e.endDate.toString(), e.startDate.isDate])).toEqual([
      ['Offered: Guinea electoral calendar (GN)', '2027-06-10', '2027-06-13', true],
      ['Unavailable', '2027-07-01', '2027-07-15', true],
    ]);
    const again = await h.app.inject({ method: 'GET', url: path });
    const uids = (body: string) => new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'));
    expect(uids(again.body)).toEqual(uids(res.body));
    // A new url replaces the old one.
    const next = (await h.gql(REGENERATE, { input: { expertId } })).data.regenerateCalendarFeed.url;
    expect((await h.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: new URL(next).pathname })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/calendar/cal_not-a-real-token-at-all-000000.ics' })).statusCode).toBe(404);
  });

  it('lets an expert manage only its own feed', async () => {
    const mine = await createExpert(h.gql);
    const other = await createExpert(h.gql);
    const token = await h.token('EXPERT', mine);
    expect(codes(await h.gql(REGENERATE, { input: { expertId: other } }, token))).toEqual(['FORBIDDEN']);
    expect(codes(await h.gql(REGENERATE, { input: { expertId: other } }, await h.token('REQUESTER')))).toEqual(['FORBIDDEN']);
  });
});
