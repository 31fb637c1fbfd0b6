// regenerateCalendarFeed: a new secret url of the expert's iCalendar feed; the old one stops working.
import { builder } from '../builder.js';
import { write } from '../context.js';
import { decodeId } from '../ids.js';
import { hashSecret, newSecret } from '../../auth.js';
import { ForbiddenError } from '../../domain/errors.js';
import { replaceFeedSecret } from '../../repo/calendarFeeds.js';
import { assertExpertExists } from '../../repo/experts.js';

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
        await assertExpertExists(tx, expertId, ['input', 'expertId']);
        await replaceFeedSecret(tx, expertId, hashSecret(token));
        await audit({ action: 'regenerateCalendarFeed', entityType: 'Expert', entityId: expertId });
      });
      return { url: `${ctx.baseUrl}/calendar/${token}.ics` };
    },
  }),
}));
