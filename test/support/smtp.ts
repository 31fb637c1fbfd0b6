// A real SMTP peer for the mail tests: smtp-server listening on a loopback TCP port, each message
// parsed with mailparser. It can refuse recipients, to test retries.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  envelopeTo: string[];
  raw: string;
  mail: ParsedMail;
  at: number;
}

export interface SmtpPeer {
  url: string;
  received: Received[];
  /** While true, every recipient is refused with 550. */
  refuse: boolean;
  /** While true, a message's data is read but never acknowledged (a sender killed meanwhile has not delivered it). */
  hold: boolean;
  /** Messages whose data arrived while held. */
  held: number;
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startSmtpPeer(): Promise<SmtpPeer> {
  const received: Received[] = [];
  const peer = { refuse: false, hold: false, held: 0 } as SmtpPeer;
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: nodemailer would try STARTTLS against a self-signed certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (peer.refuse) return callback(Object.assign(new Error('Mailbox unavailable (test refusal)'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (peer.hold) {
          peer.held += 1;
          return; // no answer: the sender waits, unacknowledged
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, mail: await simpleParser(raw), at: Date.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(peer, {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(count: number, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      if (received.length < count) throw new Error(`expected ${count} messages, the SMTP peer has ${received.length}`);
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
