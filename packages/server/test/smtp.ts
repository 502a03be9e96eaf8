import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { until } from './nodes.js';

/** A real SMTP server on loopback (the npm package smtp-server), collecting what it is sent. */
export interface TestSmtp {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Waits for a mail to `to` (and matching `also`), and takes it out of `messages`. */
  nextMailTo(to: string, also?: (mail: ParsedMail) => boolean): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startSmtp(port = 0): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const bound = (server.server.address() as AddressInfo).port;
  const recipients = (mail: ParsedMail) => [mail.to].flat().flatMap((address) => address?.value.map((entry) => entry.address) ?? []);
  return {
    url: `smtp://127.0.0.1:${bound}`,
    port: bound,
    messages,
    async nextMailTo(to, also = () => true) {
      const find = () => messages.findIndex((mail) => recipients(mail).includes(to) && also(mail));
      await until(() => find() >= 0, `a mail to ${to}`);
      return messages.splice(find(), 1)[0]!;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The token and tokenId of the link in a mail's text. */
export function linkIn(mail: ParsedMail): { url: URL; token: string; tokenId: string } {
  const match = /https?:\/\/\S+/.exec(mail.text ?? '');
  if (!match) throw new Error(`no link in: ${mail.text}`);
  const url = new URL(match[0]);
  return { url, token: url.searchParams.get('token') ?? '', tokenId: url.searchParams.get('tokenId') ?? '' };
}

/** Just what confirmUser and resetPassword take: the link's token and tokenId. */
export function tokenIn(mail: ParsedMail): { token: string; tokenId: string } {
  const { token, tokenId } = linkIn(mail);
  return { token, tokenId };
}
