// Clearances that end soon: the query expiringClearances and the reminders at 30 and 7 days.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { rowsOf } from '../db/rows.js';
import type { MailLanguage } from '../../schema/index.js';

export type Clearance = 'SECURITY_TRAINING' | 'MEDICAL';

export interface ExpiringClearance {
  expertId: string;
  clearance: Clearance;
  validUntil: string;
  /** Days from today (UTC) to the last valid day; 0 means it ends today. */
  daysLeft: number;
}

const CLEARANCES = sql`
  select e.id as "expertId", c.clearance, c.valid_until::text as "validUntil", (c.valid_until - current_date)::int as "daysLeft",
         e.full_name as "expertName", e.email as "expertEmail", e.preferred_language::text as language
    from experts e
   cross join lateral (values ('SECURITY_TRAINING', e.security_training_valid_until), ('MEDICAL', e.medical_clearance_valid_until)) as c(clearance, valid_until)`;

/** Clearances ending within `days` days from today (not yet ended), soonest first. */
export async function expiringClearances(db: Db, days: number, limit: number): Promise<ExpiringClearance[]> {
  const result = await db.execute(sql`
    ${CLEARANCES}
   where c.valid_until between current_date and current_date + ${days}::int
   order by c.valid_until, e.name_key, e.id, c.clearance
   limit ${limit}`);
  return rowsOf<ExpiringClearance>(result);
}

export interface DueReminder extends ExpiringClearance {
  threshold: 30 | 7;
  expertName: string;
  expertEmail: string;
  language: MailLanguage;
  dedupeKey: string;
}

/**
 * The reminders due now and not yet written: at most one per (expert, clearance, end date,
 * threshold), the threshold being 7 when 7 days or fewer are left, else 30. The outbox's unique
 * dedupe key makes each one go once, across restarts and instances.
 */
export async function dueReminders(db: Db, limit: number): Promise<DueReminder[]> {
  const result = await db.execute(sql`
    select * from (
      select x.*, case when x."daysLeft" <= 7 then 7 else 30 end as threshold,
             'clearance:' || x."expertId" || ':' || x.clearance || ':' || x."validUntil" || ':' || case when x."daysLeft" <= 7 then 7 else 30 end as "dedupeKey"
        from (${CLEARANCES} where c.valid_until between current_date and current_date + 30) x
    ) due
    where not exists (select 1 from outbox_message m where m.dedupe_key = due."dedupeKey")
    order by due."validUntil", due."expertId"
    limit ${limit}`);
  return rowsOf<DueReminder>(result);
}
