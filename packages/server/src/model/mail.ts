import type { TokenPurpose } from './email-tokens.js';

/**
 * Mail Latchkey sends: a confirmation or reset link. What is queued (in the database, so a
 * restart loses nothing) is only *that* a mail is owed to an identity: the token is made when
 * the mail is sent, so no usable token ever rests in the queue.
 */
export interface OutboxMail {
  id: string;
  appId: string;
  identityId: string;
  kind: TokenPurpose;
  to: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  failedAt: number | null;
  createdAt: number;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What fills a mail template. */
export interface MailVariables {
  link: string;
  email: string;
  appName: string;
  expiresInMinutes: number;
}

/** Sending and rendering, when an SMTP server is configured. */
export interface MailService {
  send(message: MailMessage): Promise<void>;
  render(kind: TokenPurpose, variables: MailVariables): { text: string; html: string };
  /** Wakes the queue's worker: a mail was just queued. */
  wake(): void;
}
