import { consoleMailSender, type MailSender } from '@mana/auth-core';
import type { ExampleConfig } from './config.js';

/**
 * Thrown at start-up when the example would run in production with no way to deliver mail: a
 * reset link printed to stdout lands in log files, and whoever reads them can take over accounts.
 */
export class MailSetupError extends Error {
  override readonly name = 'MailSetupError';
}

/**
 * The mail sender an example uses:
 * - the one the team's code passes (`createServices(config, { mailSender })`: SES, Postmark,
 *   SMTP...), always;
 * - in development, `consoleMailSender()` (reset links on stdout, handy locally);
 * - in production without one: refused, unless `ALLOW_CONSOLE_MAIL_IN_PRODUCTION=1`, and even
 *   then only a line saying an email was not delivered is logged, never the link or its token.
 *
 * @throws {MailSetupError} in production without a sender and without the opt-in.
 * @example
 * ```ts
 * const mailSender = exampleMailSender(loadConfig(), undefined);
 * ```
 */
export function exampleMailSender(config: ExampleConfig, configured: MailSender | undefined): MailSender {
  if (configured) return configured;
  if (!config.production) return consoleMailSender();
  if (!config.allowConsoleMailInProduction) {
    throw new MailSetupError(
      'NODE_ENV=production but no mail sender is configured: password-reset links would be printed to the log. Pass a real sender (createServices(config, { mailSender })), or set ALLOW_CONSOLE_MAIL_IN_PRODUCTION=1 to start anyway without delivering mail (links are never logged).',
    );
  }
  return redactedConsoleMailSender();
}

/** Logs that a message was not delivered: its kind and a masked recipient, never its text or link. */
function redactedConsoleMailSender(write: (line: string) => void = (line) => console.log(line)): MailSender {
  return async (message) => {
    write(
      `[example] ${message.kind} email to ${maskEmail(message.to)} not delivered: no mail sender is configured (ALLOW_CONSOLE_MAIL_IN_PRODUCTION=1); its link is not logged in production.`,
    );
  };
}

/** `alice@example.com` → `a***@example.com`. */
function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return at <= 0 ? '***' : `${address[0]}***${address.slice(at)}`;
}
