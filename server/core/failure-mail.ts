// E-mail in team mode when a branch breaks (a `failed` build notice), to the project's owner and every
// member with an address, together in one message, with the original Kozmic's subject:
// `[failure] owner/repo#12 (main — 1a2b3c4d)`. Off unless enabled and an SMTP server is configured.
// A message the server does not take is tried again a few times; it never holds up a build.
import type { BuildNoticeDto } from '../contract/dto.js';
import { commitStatusOf } from './github-use-cases/status-poster.js';
import type { Logger, SendMail, Store } from './ports.js';

const retryDelaysMs = [5_000, 30_000, 120_000];

export class FailureMail {
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly s: {
      store: Store;
      send: SendMail | null;
      enabled: () => boolean;
      /** The build's page for people outside Kozmic (see core/build-links.ts). */
      detailsUrl: (projectId: string, number: number) => string | null;
      log: Logger;
      retryDelaysMs?: readonly number[];
    },
  ) {}

  async noticed(notice: BuildNoticeDto): Promise<void> {
    if (notice.kind !== 'failed' || !this.s.send || !this.s.enabled()) return;
    const project = this.s.store.getProject(notice.projectId);
    const build = await this.s.store.getBuild(notice.projectId, notice.number);
    if (!project || !build) return;
    const to = this.#recipients(notice.projectId, project.ownerGithubId);
    if (to.length === 0) return;
    const link = this.s.detailsUrl(build.projectId, build.number);
    const description = commitStatusOf(build, link).description || 'The build has failed.';
    const subject = `[${build.status}] ${project.fullName}#${build.number} (${build.ref} — ${build.sha.slice(0, 8)})`;
    const html = link
      ? `<p><a href="${escapeHtml(link)}">${escapeHtml(description)}</a></p>`
      : `<p>${escapeHtml(description)}</p>`;
    this.#send({ to, subject, html, text: link ? `${description}\n${link}\n` : `${description}\n` }, 0);
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** The owner and every member, each once, who has an e-mail address on their account. */
  #recipients(projectId: string, ownerGithubId: number): string[] {
    const people = [ownerGithubId, ...this.s.store.getMembers(projectId).members.map((m) => m.githubId)];
    const addresses = people.map((id) => this.s.store.getAccount(id)?.email ?? null);
    return [...new Set(addresses.filter((a): a is string => a !== null && a.includes('@')))];
  }

  #send(mail: Parameters<SendMail>[0], attempt: number): void {
    const delays = this.s.retryDelaysMs ?? retryDelaysMs;
    this.s.send!(mail).then(
      () => this.s.log.info(`Mailed "${mail.subject}" to ${mail.to.length} recipient(s).`),
      (error: unknown) => {
        const reason = (error as Error).message;
        if (attempt >= delays.length) {
          this.s.log.error(`Giving up mailing "${mail.subject}": ${reason}`);
          return;
        }
                this.s.log.warn(`Mailing "${mail.subject}" failed: ${reason} Trying again.`);
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          this.#send(mail, attempt + 1);
        }, delays[attempt]);
        timer.unref();
        this.#timers.add(timer);
      },
    );
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
