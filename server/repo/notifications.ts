// The facts a notification needs, read inside the transaction that caused it (server/notify.ts).
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { rowsOf } from '../db/rows.js';
import type { AssignmentStatus, MailLanguage, RequestStatus } from '../../schema/index.js';

export interface AssignmentFacts {
  id: string;
  status: AssignmentStatus;
  requestId: string;
  title: string;
  country: string;
  mode: string;
  startDate: string;
  endDate: string;
  respondBy: string | null;
  note: string | null;
  role: string;
  expertId: string;
  expertName: string;
  expertEmail: string;
  timeZone: string;
  language: MailLanguage;
  /** The email of the token that made the offer, if it has one. */
  offererEmail: string | null;
}

export async function assignmentFacts(tx: Db, ids: readonly string[]): Promise<AssignmentFacts[]> {
  if (!ids.length) return [];
  const result = await tx.execute(sql`
    select a.id, a.status, a.request_id as "requestId", r.title, r.country, a.mode::text as mode,
           a.start_date::text as "startDate", a.end_date::text as "endDate",
           to_char(a.respond_by at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "respondBy", a.note,
           area.name as role, e.id as "expertId", e.full_name as "expertName", e.email as "expertEmail",
           e.home_time_zone as "timeZone", e.preferred_language::text as language, t.email as "offererEmail"
      from assignments a
      join deployment_requests r on r.id = a.request_id
      join request_roles rr on rr.id = a.role_id
      join expertise_areas area on area.code = rr.expertise_code
      join experts e on e.id = a.expert_id
      left join api_tokens t on t.id = a.offered_by_token_id and t.revoked_at is null
     where a.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
     order by a.offered_at, a.id`);
  return rowsOf<AssignmentFacts>(result);
}

export interface TransitionFacts {
  requestId: string;
  title: string;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus;
  note: string | null;
  ownerEmail: string | null;
}

/** The status changes of these requests made by the current transaction (now() is the transaction's start). */
export async function transitionsNow(tx: Db, requestIds: readonly string[]): Promise<TransitionFacts[]> {
  if (!requestIds.length) return [];
  const result = await tx.execute(sql`
    select t.request_id as "requestId", r.title, t.from_status as "fromStatus", t.to_status as "toStatus", t.note,
           tok.email as "ownerEmail"
      from request_transitions t
      join deployment_requests r on r.id = t.request_id
      left join api_tokens tok on tok.id::text = r.owner_principal and tok.revoked_at is null
     where t.request_id in (${sql.join(requestIds.map((id) => sql`${id}::uuid`), sql`, `)}) and t.at = now()
     order by t.id`);
  return rowsOf<TransitionFacts>(result);
}
