// The year simulation (`npm run simulate`), small: every policy replays the identical stream, a seed
// gives the same year twice, the independent rule checker finds no violation in any policy and does
// find them when rules are broken, and the CLI prints exactly the JSON shape of issue 13. It does
// not assert which policy wins.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  checkYear,
  declines,
  generateStream,
  POLICIES,
  runYear,
  simulateYear,
  yearJson,
  type Policy,
  type SimEvent,
  type YearResult,
} from '../../server/domain/simulation/index.js';
import { dayNumber } from '../../server/domain/dates.js';
import { demoExperts, DEMO_WORLD, YEAR_START } from '../../bench/lib/year.js';

const START = dayNumber(YEAR_START);

const small = (seed: number) => simulateYear({ experts: demoExperts(70), world: DEMO_WORLD, requests: 36, start: START, seed });

// The year of seed 11, computed by the first test that needs it rather than in a hook: mutation
// testing (test/stryker.config.json) attributes code run in a hook to no test, which would make
// every mutant of the engine "static" and run against the whole suite.
let cached: YearResult | undefined;
const year11 = (): YearResult => (cached ??= small(11));

const fixed = (events: readonly SimEvent[]) => events.filter((e) => e.kind === 'arrival' || e.kind === 'cancel');

describe('a small simulated year', () => {
  it('has no rule violation under any policy, by the independent checker', () => {
    expect(year11().runs.map((r) => r.policy)).toEqual(['engine', 'greedy', 'fair', 'blind']);
    for (const run of year11().runs) {
      expect(run.events.filter((e) => e.kind === 'offer').length, run.policy).toBeGreaterThan(20);
      expect(run.violations, run.policy).toEqual([]);
      expect(run.figures.violations).toBe(0);
    }
  });

  it('replays the identical stream under every policy, and the same expert answers the same request alike', () => {
    const [first, ...rest] = year11().runs;
    expect(fixed(first!.events).length).toBe(36 + year11().stream.filter((r) => r.cancelAt !== null).length);
    const answers = new Map<string, boolean>();
    for (const run of year11().runs) {
      expect(fixed(run.events), run.policy).toEqual(fixed(first!.events));
      for (const e of run.events) {
        if (e.kind !== 'offer') continue;
        const key = `${e.request}:${e.expert}`;
        if (answers.has(key)) expect(answers.get(key), key).toBe(e.accepted);
        answers.set(key, e.accepted);
      }
    }
    // Some expert was offered the same request under two policies, so the check above bit.
    const offered = year11().runs.map((run) => new Set(run.events.flatMap((e) => (e.kind === 'offer' ? [`${e.request}:${e.expert}`] : []))));
    expect([...offered[0]!].filter((k) => offered[1]!.has(k)).length).toBeGreaterThan(10);
    expect(rest.length).toBe(3);
  });

  it('is the same year for the same seed, and another for another seed', () => {
    const again = small(11);
    expect(again.stream).toEqual(year11().stream);
    expect(again.runs.map((r) => r.events)).toEqual(year11().runs.map((r) => r.events));
    expect(yearJson(again, true)).toEqual(yearJson(year11(), true));
    expect(small(12).stream).not.toEqual(year11().stream);
  });

  it('reports the figures of issue 13 as shares in 0–1 and counts', () => {
    const json = yearJson(year11());
    expect(Object.keys(json)).toEqual(['requests', 'policies']);
    expect(json.requests).toBe(36);
    for (const figures of Object.values(json.policies)) {
      expect(Object.keys(figures)).toEqual(['fullyStaffed', 'minWomenMet', 'standbyWithin72h', 'medianScore', 'gini', 'maxDays', 'violations']);
      for (const key of ['fullyStaffed', 'minWomenMet', 'standbyWithin72h', 'medianScore', 'gini'] as const) {
        const v = figures[key];
        if (v !== null) expect(v >= 0 && v <= 1, `${key} = ${v}`).toBe(true);
      }
      expect(Number.isInteger(figures.maxDays)).toBe(true);
    }
    // maxDays is the longest total of the request days of one expert's teams (recomputed here).
    const engine = year11().runs[0]!;
    const days = new Map<string, number>();
    for (const o of engine.outcomes.filter((x) => !x.cancelled)) {
      const r = year11().stream[o.request]!;
      for (const m of o.team) days.set(m.expert, (days.get(m.expert) ?? 0) + r.end - r.start + 1);
    }
    expect(engine.figures.maxDays).toBe(Math.max(...days.values()));
    expect(engine.figures.expertsServed).toBe(days.size);
  });
});

describe('the request stream', () => {
  const stream = generateStream({ requests: 240, start: START, seed: 5 }, DEMO_WORLD);

  it('arrives over the year in order, with 1–4 roles and 1–8 seats, and the stress cases in it', () => {
    expect(stream.map((r) => r.arrival)).toEqual([...stream.map((r) => r.arrival)].sort((a, b) => a - b));
    expect(stream[0]!.arrival).toBeGreaterThanOrEqual(START);
    expect(stream[stream.length - 1]!.arrival).toBeLessThan(START + 365);
    for (const r of stream) {
      const seats = r.roles.reduce((s, x) => s + x.count, 0);
      expect(r.roles.length).toBeGreaterThanOrEqual(1);
      expect(r.roles.length).toBeLessThanOrEqual(4);
      expect(seats).toBeGreaterThanOrEqual(1);
      expect(seats).toBeLessThanOrEqual(8);
      expect(r.minWomen).toBeLessThanOrEqual(seats);
      expect(r.start).toBeGreaterThan(Math.floor(r.arrival));
      expect(r.shortNotice).toBe((r.start - r.arrival) * 24 <= 72);
      if (r.cancelAt !== null) expect(r.cancelAt > r.arrival && r.cancelAt < r.start).toBe(true);
    }
    const kinds = new Set(stream.map((r) => r.kind));
    expect(kinds).toEqual(new Set(['ordinary', 'clash', 'hardMinWomen', 'rareLanguage']));
    expect(stream.filter((r) => r.shortNotice).length).toBeGreaterThan(20);
    expect(stream.filter((r) => r.cancelAt !== null).length).toBeGreaterThan(5);
    // A clash overlaps the request before it in the same country.
    for (const [i, r] of stream.entries()) {
      if (r.kind !== 'clash' || i === 0 || stream[i - 1]!.kind !== 'clash' || stream[i - 1]!.country !== r.country) continue;
      expect(r.start <= stream[i - 1]!.end || r.start === Math.floor(r.arrival) + 1).toBe(true);
    }
  });
});

describe('the independent rule checker', () => {
  // A coordinator who ignores every rule: the first experts of the roster, whoever they are.
  const reckless: Policy = {
    name: 'reckless',
    choose: (request, list) => {
      const taken = new Set(request.roles.flatMap((r) => r.held));
      return request.roles.flatMap((role, r) =>
        list
          .filter((e) => !taken.has(e.id))
          .slice(0, role.count - role.held.length)
          .map((e) => (taken.add(e.id), { role: r, expert: e.id })),
      );
    },
  };

  it('finds the rules a careless policy breaks', () => {
    const run = runYear(year11().roster, year11().stream, reckless, 11);
    const rules = new Set(checkYear(year11().roster, year11().stream, run.events).map((v) => v.rule));
    for (const rule of ['EXPERTISE', 'LANGUAGE', 'DOUBLE_BOOKED', 'CLEARANCE', 'REST_PERIOD', 'DAY_CAP'] as const) expect(rules, rule).toContain(rule);
  });

  // Each rule at its day boundaries, on hand-made logs: simulation-rules.test.ts.

  it('uses the same decline decision whoever asks', () => {
    const decided = year11().roster.slice(0, 40).map((e) => declines(11, 3, e.id));
    expect(decided).toEqual(year11().roster.slice(0, 40).map((e) => declines(11, 3, e.id)));
    expect(decided.some(Boolean) && !decided.every(Boolean)).toBe(true);
    expect(POLICIES.blind!.weights).toEqual({ appraisal: 0 });
  });
});

describe('npm run simulate', () => {
  const run = promisify(execFile);
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'bench/simulate.ts', ...args], { cwd: new URL('../..', import.meta.url) });

  it('prints exactly the JSON object of issue 13 with --json, and refuses a bad flag', async () => {
    const { stdout } = await cli('--json', '--requests', '12', '--experts', '50', '--seed', '3');
    const json = JSON.parse(stdout);
    expect(json.requests).toBe(12);
    expect(Object.keys(json.policies)).toEqual(['engine', 'greedy', 'fair', 'blind']);
    for (const figures of Object.values(json.policies)) {
      expect(Object.keys(figures as object)).toEqual(['fullyStaffed', 'minWomenMet', 'standbyWithin72h', 'medianScore', 'gini', 'maxDays', 'violations']);
      expect((figures as { violations: number }).violations).toBe(0);
    }
    const refused = await cli('--requests', 'many').then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toMatch(/--requests: expected a whole number/);
  }, 30_000);
});
