import type { ManaLog } from '@mana/internal';

/** What an email is for. */
export type MailKind = 'password-reset' | 'email-verification' | 'existing-account';

/** One email to send. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Machine-readable purpose: `password-reset`, `email-verification` or `existing-account`. */
  kind: MailKind;
  /** The link the message carries (reset or verification URL; the service's origin for `existing-account`). */
  url: string;
}

/**
 * Sends an email. Plug in your provider (SES, Postmark, SMTP, ...). It runs after the response
 * has been sent, so a slow provider does not reveal (through timing) whether an email exists.
 *
 * @example
 * ```ts
 * const mailSender: MailSender = async (message) => {
 *   await postmark.sendEmail({ From: 'auth@example.com', To: message.to, Subject: message.subject, TextBody: message.text });
 * };
 * ```
 */
export type MailSender = (message: MailMessage) => Promise<void>;

/**
 * Development sender: prints the message (reset link included) on stdout, or through `write`,
 * deliberately unredacted (it is not a log entry). Never use it in
 * production: the link lets anyone who reads the logs take over the account.
 *
 * @example
 * ```ts
 * createAuth({ ..., mailSender: process.env.NODE_ENV === 'production' ? smtpSender : consoleMailSender() });
 * ```
 */
export function consoleMailSender(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): MailSender {
  return async (message) => {
    write(`[mana-auth] mail to ${message.to}: ${message.subject}\n${message.text}`);
  };
}

/** Builds the password-reset message. */
export function passwordResetMessage(to: string, url: string, appName: string): MailMessage {
  return {
    kind: 'password-reset',
    to,
    url,
    subject: `Reset your ${appName} password`,
    text:
      `Someone asked to reset the password of your ${appName} account.\n\n` +
      `Open this link within one hour to choose a new password:\n${url}\n\n` +
      'If it was not you, ignore this email: your password stays as it is.',
  };
}

/** Builds the email-verification message. */
export function emailVerificationMessage(to: string, url: string, appName: string): MailMessage {
  return {
    kind: 'email-verification',
    to,
    url,
    subject: `Verify your email for ${appName}`,
    text:
      `Please confirm that this address belongs to your ${appName} account.\n\n` +
      `Open this link to verify it:\n${url}\n\n` +
      'If you did not create an account, ignore this email.',
  };
}

/**
 * Builds the message to the owner of an address someone tried to register again (uniform
 * registration answers, `registration.uniformResponse`). `url` is the service's origin.
 */
export function existingAccountMessage(to: string, url: string, appName: string): MailMessage {
  return {
    kind: 'existing-account',
    to,
    url,
    subject: `Someone tried to register with your ${appName} address`,
    text:
      `Someone tried to create a new ${appName} account with this email address, which already has one.\n\n` +
      `If it was you, sign in instead, or reset your password if you forgot it:\n${url}\n\n` +
      'If it was not you, no action is needed: your account was not changed.',
  };
}

/**
 * Sends `message` in the background: the answer to the request must not wait for the provider,
 * or its timing would tell whether the email belongs to an account. A failure is logged as
 * `mail_send_failed` with the message's `kind` and the error (redacted: a provider error quoting
 * the reset link loses the token), never the recipient or the link.
 */
export function sendInBackground(send: MailSender, message: MailMessage, log: ManaLog): void {
  void send(message).catch((error: unknown) => {
    log.error('mail_send_failed', `sending the ${message.kind} email failed`, { kind: message.kind, error });
  });
}
