// Configuration from KOZMIC_* environment variables. Every variable is checked up front, and all
// problems are reported together, each naming the variable and the form it accepts.
import { z } from 'zod';
import { tunnelNameForm, tunnelNamePattern } from '../contract/settings.js';

export interface Config {
  readonly dataDir: string | null;
  /** Webhooks and badges: the only port the tunnel forwards to. */
  readonly port: number;
  /** The UI API and renderer (headless host only); never forwarded by the tunnel. */
  readonly uiPort: number;
  readonly uiHost: string;
  /** Host names the interface also answers to (a reverse proxy's, a DNS name), besides loopback and the machine's own. */
  readonly uiAllowedHosts: readonly string[];
  readonly uiToken: string | null;
  readonly publicUrl: string | null;
  readonly uiPublicUrl: string | null;
  readonly tunnel: boolean | null;
  readonly tunnelServer: string | null;
  readonly tunnelSubdomain: string | null;
  readonly githubUrl: string | null;
  readonly githubClientId: string | null;
  readonly githubClientSecret: string | null;
  readonly maxParallelJobs: number | null;
  readonly stallTimeoutSeconds: number | null;
  readonly jobTimeoutSeconds: number | null;
  readonly cachedImagesLimit: number | null;
  readonly logLimitBytes: number | null;
  readonly jobMemoryMb: number | null;
  readonly jobCpus: number | null;
  readonly jobPidsLimit: number | null;
  readonly emailNotifications: boolean | null;
  /** `smtp://user:password@host:587` or `smtps://…`: a secret, never shown or logged. */
  readonly smtpUrl: string | null;
  /** The sender of Kozmic's e-mail, e.g. `Kozmic CI <ci@example.com>`. */
  readonly mailFrom: string;
  readonly dockerHost: string | null;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `Kozmic cannot start: its configuration has problems.\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: `a whole number from ${min} to ${max}` })
    .int()
    .min(min)
    .max(max);

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' });

const flag = z.enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], {
  error: 'one of on/off, true/false, 1/0, yes/no',
});

/** Each variable's schema; its error message is the accepted form, as the user is told it. */
const variables = {
  KOZMIC_DATA_DIR: z.string().min(1),
  KOZMIC_PORT: wholeNumber(0, 65535),
  KOZMIC_UI_PORT: wholeNumber(0, 65535),
  KOZMIC_UI_HOST: z.string().min(1),
  KOZMIC_UI_ALLOWED_HOSTS: z
    .string()
    .regex(/^\s*(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?\s*(?:,\s*(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?\s*)*$/, {
      error: 'host names or addresses separated by commas, each with an optional :port (e.g. ci.example.com,10.0.0.5:7421)',
    }),
  KOZMIC_UI_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{16,}$/, {
    error: 'at least 16 characters of letters, digits, - or _',
  }),
  KOZMIC_PUBLIC_URL: httpUrl,
  KOZMIC_UI_PUBLIC_URL: httpUrl,
  KOZMIC_TUNNEL: flag,
  KOZMIC_TUNNEL_SERVER: httpUrl,
  KOZMIC_TUNNEL_SUBDOMAIN: z.string().regex(tunnelNamePattern, { error: tunnelNameForm }),
  KOZMIC_GITHUB_URL: httpUrl,
  KOZMIC_GITHUB_CLIENT_ID: z.string().min(1),
  KOZMIC_GITHUB_CLIENT_SECRET: z.string().min(1),
  KOZMIC_MAX_PARALLEL_JOBS: wholeNumber(1, 64),
  KOZMIC_STALL_TIMEOUT: wholeNumber(10, 86_400),
  KOZMIC_JOB_TIMEOUT: wholeNumber(10, 7 * 86_400),
  KOZMIC_CACHED_IMAGES_LIMIT: wholeNumber(0, 1000),
  KOZMIC_LOG_LIMIT_MB: wholeNumber(1, 10_240),
  KOZMIC_JOB_MEMORY_MB: wholeNumber(64, 1_048_576),
  KOZMIC_JOB_CPUS: z.coerce.number({ error: 'a number of CPUs from 0.1 to 256' }).min(0.1).max(256),
  KOZMIC_JOB_PIDS: wholeNumber(16, 1_000_000),
  KOZMIC_ENABLE_EMAIL_NOTIFICATIONS: flag,
  KOZMIC_SMTP_URL: z.url({
    protocol: /^smtps?$/,
    error: 'an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587',
  }),
  KOZMIC_MAIL_FROM: z.string().min(3).max(320),
  DOCKER_HOST: z.string().regex(/^(unix|tcp|npipe|http|https):\/\/.+/, {
    error: 'a URL such as unix:///var/run/docker.sock or tcp://host:2375',
  }),
} as const;

type VariableName = keyof typeof variables;

/** Never repeated in a message: start-up output often ends up in logs. */
const secretVariables: ReadonlySet<string> = new Set<VariableName>([
  'KOZMIC_UI_TOKEN',
  'KOZMIC_GITHUB_CLIENT_SECRET',
  'KOZMIC_SMTP_URL',
]);
type Parsed = { [K in VariableName]?: z.output<(typeof variables)[K]> };

function parseVariables(env: Env): Parsed {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(variables)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const result = schema.safeParse(raw.trim());
    if (result.success) parsed[name] = result.data;
    else {
      const got = secretVariables.has(name) ? 'its value is not shown: it may hold a secret' : `got "${raw}"`;
      problems.push(`${name} must be ${result.error.issues[0]?.message ?? 'valid'} (${got}).`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed as Parsed;
}

const isOn = (value: string | undefined): boolean | null =>
  value === undefined ? null : ['1', 'true', 'on', 'yes'].includes(value);

export function readConfig(env: Env): Config {
  const v = parseVariables(env);
  return {
    dataDir: v.KOZMIC_DATA_DIR ?? null,
    port: v.KOZMIC_PORT ?? 7420,
    uiPort: v.KOZMIC_UI_PORT ?? 7421,
    uiHost: v.KOZMIC_UI_HOST ?? '127.0.0.1',
    uiAllowedHosts: (v.KOZMIC_UI_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((host) => host.trim())
      .filter((host) => host !== ''),
    uiToken: v.KOZMIC_UI_TOKEN ?? null,
    publicUrl: v.KOZMIC_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    uiPublicUrl: v.KOZMIC_UI_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    tunnel: isOn(v.KOZMIC_TUNNEL),
    tunnelServer: v.KOZMIC_TUNNEL_SERVER?.replace(/\/+$/, '') ?? null,
    tunnelSubdomain: v.KOZMIC_TUNNEL_SUBDOMAIN ?? null,
    githubUrl: v.KOZMIC_GITHUB_URL?.replace(/\/+$/, '') ?? null,
    githubClientId: v.KOZMIC_GITHUB_CLIENT_ID ?? null,
    githubClientSecret: v.KOZMIC_GITHUB_CLIENT_SECRET ?? null,
    maxParallelJobs: v.KOZMIC_MAX_PARALLEL_JOBS ?? null,
    stallTimeoutSeconds: v.KOZMIC_STALL_TIMEOUT ?? null,
    jobTimeoutSeconds: v.KOZMIC_JOB_TIMEOUT ?? null,
    cachedImagesLimit: v.KOZMIC_CACHED_IMAGES_LIMIT ?? null,
    logLimitBytes: v.KOZMIC_LOG_LIMIT_MB === undefined ? null : v.KOZMIC_LOG_LIMIT_MB * 1024 * 1024,
    jobMemoryMb: v.KOZMIC_JOB_MEMORY_MB ?? null,
    jobCpus: v.KOZMIC_JOB_CPUS ?? null,
    jobPidsLimit: v.KOZMIC_JOB_PIDS ?? null,
    emailNotifications: isOn(v.KOZMIC_ENABLE_EMAIL_NOTIFICATIONS),
    smtpUrl: v.KOZMIC_SMTP_URL ?? null,
    mailFrom: v.KOZMIC_MAIL_FROM ?? 'Kozmic CI <kozmic@localhost>',
    dockerHost: v.DOCKER_HOST ?? null,
  };
}
