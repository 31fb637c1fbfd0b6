// The SQL behind the reports: roster coverage by expertise × language, and staffing figures over
// requests submitted in a window. The arithmetic lives in domain/metrics.ts.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { LIVE_STATUSES } from '../domain/assignmentState.js';
import { inList, rowsOf } from '../db/rows.js';

export interface CoverageRow {
  area: string;
  language: string;
  available: number;
  standby: number;
}

/** For each area × language spoken at WORKING or above by anyone: experts available every day of from..to. */
export async function coverage(db: Db, from: string, to: string): Promise<CoverageRow[]> {
  const range = sql`daterange(${from}::date, ${to}::date, '[]')`;
  return rowsOf<CoverageRow>(
    await db.execute(sql`
      with free as (
        select e.id, e.tier from experts e
        where not exists (select 1 from availability_periods ap
                          where ap.expert_id = e.id and ap.status = 'UNAVAILABLE' and ap.days && ${range})
          and not exists (select 1 from assignments a
                          where a.expert_id = e.id and a.status in ${inList(LIVE_STATUSES)} and a.days && ${range})
      ),
      spoken as (select distinct code from expert_languages where proficiency >= 'WORKING'),
      covered as (
        select ee.area_code, el.code, count(distinct f.id)::int as available,
               count(distinct f.id) filter (where f.tier = 'STANDBY_TEAM')::int as standby
        from free f
        join expert_expertise ee on ee.expert_id = f.id and ee.level >= 1
        join expert_languages el on el.expert_id = f.id and el.proficiency >= 'WORKING'
        group by ee.area_code, el.code
      )
      select a.code as area, s.code as language, coalesce(c.available, 0) as available, coalesce(c.standby, 0) as standby
      from expertise_areas a cross join spoken s
      left join covered c on c.area_code = a.code and c.code = s.code
      order by a.position, s.code`),
  );
}

export interface WindowRequest {
  id: string;
  status: string;
  minWomen: number;
  submittedAt: string;
  approvedAt: string | null;
  deployedAt: string | null;
}

/** Requests submitted in from..to (by UTC day), with when they first reached APPROVED and DEPLOYED. */
export async function windowRequests(db: Db, from: string, to: string): Promise<WindowRequest[]> {
  return rowsOf<WindowRequest>(
    await db.execute(sql`
      select r.id, r.status, r.min_women as "minWomen", r.submitted_at::text as "submittedAt",
        (select min(t.at) from request_transitions t where t.request_id = r.id and t.to_status = 'APPROVED')::text as "approvedAt",
        (select min(t.at) from request_transitions t where t.request_id = r.id and t.to_status = 'DEPLOYED')::text as "deployedAt"
      from deployment_requests r
      where (r.submitted_at at time zone 'UTC')::date between ${from}::date and ${to}::date`),
  );
}

export interface TeamMember {
  requestId: string;
  expertId: string;
  status: string;
  gender: string;
  tier: string;
  days: number;
}

/** Accepted, deployed and completed assignments of the window's requests, with each expert's gender and tier. */
export async function windowTeams(db: Db, from: string, to: string): Promise<TeamMember[]> {
  return rowsOf<TeamMember>(
    await db.execute(sql`
      select a.request_id as "requestId", a.expert_id as "expertId", a.status, e.gender, e.tier,
             (a.end_date - a.start_date + 1)::int as days
      from assignments a
      join deployment_requests r on r.id = a.request_id
      join experts e on e.id = a.expert_id
      where (r.submitted_at at time zone 'UTC')::date between ${from}::date and ${to}::date
        and a.status in ('ACCEPTED', 'DEPLOYED', 'COMPLETED')`),
  );
}
