// regenerateCalendarFeed: a new secret url of the expert's iCalendar feed; the old one stops working.
import { eq, sql } from 'drizzle-orm';
import { builder } from '../builder.js';
import { write } from '../context.js';
import { decodeId } from '../ids.js';
import { calendarFeeds, experts } from '../../../schema/index.js';
import { hashSecret, newSecret } from '../../auth.js';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';

const RegenerateCalendarFeedInput = builder.inputType('RegenerateCalendarFeedInput', {
  fields: (t) => ({ expertId: t.id({ required: true }) }),
});

const RegenerateCalendarFeedPayload = builder.objectRef<{ url: string }>('RegenerateCalendarFeedPayload').implement({
  fields: (t) => ({
    url: t.exposeString('url', {
      description: 'Secret url of a text/calendar feed of the expert’s assignments and unavailable periods. Shown once; anyone with it can read the feed.',
    }),
  }),
});

builder.mutationFields((t) => ({
  regenerateCalendarFeed: t.field({
    type: RegenerateCalendarFeedPayload,
    description: 'Issues a new calendar feed url for an expert (that expert, or staff); the previous url stops working.',
    authScopes: { $any: { staff: true, expert: true } },
    args: { input: t.arg({ type: RegenerateCalendarFeedInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const expertId = decodeId(String(input.expertId), 'Expert', ['input', 'expertId']);
      if (ctx.viewer?.role === 'EXPERT' && ctx.viewer.expertId !== expertId) throw new ForbiddenError('An expert may manage only its own calendar feed.');
      const token = newSecret('cal');
      await write(ctx, async ({ tx, audit }) => {
        const [expert] = await tx.select({ id: experts.id }).from(experts).where(eq(experts.id, expertId));
        if (!expert) throw new NotFoundError('No expert has this id.', ['input', 'expertId']);
        await tx
          .insert(calendarFeeds)
          .values({ expertId, tokenHash: hashSecret(token) })
          .onConflictDoUpdate({ target: calendarFeeds.expertId, set: { tokenHash: hashSecret(token), createdAt: sql`now()`, active: true } });
        await audit({ action: 'regenerateCalendarFeed', entityType: 'Expert', entityId: expertId });
      });
      return { url: `${ctx.baseUrl}/calendar/${token}.ics` };
    },
  }),
}));
