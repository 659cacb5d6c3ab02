// E-mail through an SMTP server (nodemailer). The URL may carry credentials: it never reaches a log or
// an error message.
import nodemailer from 'nodemailer';
import type { SendMail } from '../core/ports.js';

export function smtpMail(url: string, from: string): SendMail {
  const transport = nodemailer.createTransport(url);
  const server = safeServerName(url);
  return async (mail) => {
    try {
      await transport.sendMail({
        from,
        to: [...mail.to],
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
      });
    } catch (error) {
      const code =
        (error as { code?: string; responseCode?: number }).responseCode ?? (error as { code?: string }).code;
      throw new Error(`The mail server ${server} did not take the message${code ? ` (${code})` : ''}.`, {
        cause: error,
      });
    }
  };
}

function safeServerName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'smtps:' ? 465 : 587)}`;
  } catch {
    return '(KOZMIC_SMTP_URL)';
  }
}
