// The Mail port: e-mail in team mode (SMTP).

export interface Mail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  /** The same message for mail readers without HTML. */
  readonly text: string;
}

/** Sends one message; rejects with what the mail server said. Never logs the server's credentials. */
export type SendMail = (mail: Mail) => Promise<void>;
