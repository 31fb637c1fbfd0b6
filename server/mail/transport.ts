// Sending mail: nodemailer over SMTP_URL (STARTTLS when the server offers it, smtps:// for TLS).
// Without SMTP_URL there is no transport, and mail is kept in the outbox (KEPT).
import { createRequire } from 'node:module';
import type { Transporter } from 'nodemailer';

// Loaded only when SMTP_URL is set: most starts keep mail in the outbox, and nodemailer is ~40 modules.
const loadNodemailer = () => createRequire(import.meta.url)('nodemailer') as typeof import('nodemailer');

export interface MailBody {
  subject: string;
  text: string;
  html: string;
  ics?: string;
}

export interface Mailer {
  send(to: string, body: MailBody, messageId: string): Promise<void>;
  close(): void;
}

export function createMailer(smtpUrl: string | undefined, from: string): Mailer | undefined {
  if (!smtpUrl) return undefined;
  // A small pool: a busy outbox reuses connections instead of opening one per message.
  const transport: Transporter = loadNodemailer().createTransport({ url: smtpUrl, pool: true, maxConnections: 4, maxMessages: 200 } as never, { from });
  return {
    async send(to, body, messageId) {
      await transport.sendMail({
        from,
        to,
        subject: body.subject,
        text: body.text,
        html: body.html,
        // One id per outbox message: a retry after a lost answer carries the same Message-ID, so that mail systems can drop the copy.
        messageId: `<${messageId}@standby>`,
        ...(body.ics
          ? {
              icalEvent: { method: 'REQUEST', content: body.ics, filename: 'invitation.ics' },
            }
          : {}),
      });
    },
    close: () => transport.close(),
  };
}
