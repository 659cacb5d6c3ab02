// The Docker adapter against the real engine: images, pulls from a local registry, steps, commits.
// Every container and image made here carries `dev.kozmic.test=<run>` and is removed in afterAll.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, type StepSpec } from '../../server/core/ports.js';
import { DockerEngine } from '../../server/engine/docker/docker-engine.js';
import { startLocalRegistry, type LocalRegistry } from './local-registry.js';

const run = promisify(execFile);
const busyboxRef = 'kozmic-test/busybox:1';
const debianRef = 'kozmic-test/debian:12';
const testLabel = 'dev.kozmic.test';
const runId = `docker-engine-${process.pid}-${Date.now()}`;
const labels = { [testLabel]: runId };
const limits = { memoryBytes: 256 * 1024 * 1024, nanoCpus: 1_000_000_000, pidsLimit: 200 };

const engine = new DockerEngine(null);
let busybox = '';
let debian = '';
let repo = '';
const pulledReferences: string[] = [];

async function imageIdOf(reference: string): Promise<string> {
  const { stdout } = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', reference]);
  return stdout.trim();
}

async function inspectContainer(id: string): Promise<{
  HostConfig: Record<string, unknown>;
  Mounts: unknown[];
  Config: { User: string; Labels: Record<string, string> };
}> {
  const { stdout } = await run('docker', ['container', 'inspect', id]);
  return (JSON.parse(stdout) as [never])[0];
}

/**
 * The test repository's tree, as the source adapter hands it over (`git archive`), through a buffer as
 * the adapter does: a child's stdout that nobody reads yet loses its data when the child exits.
 */
function gitArchive(): Promise<NodeJS.ReadableStream> {
  const tree = new PassThrough();
  spawn('git', ['archive', 'HEAD'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] }).stdout.pipe(tree);
  return Promise.resolve(tree);
}

function spec(overrides: Partial<StepSpec> & Pick<StepSpec, 'image' | 'script'>): StepSpec {
  return {
    env: {},
    user: null,
    source: gitArchive,
    limits,
    labels: { ...labels, 'dev.kozmic.step': 'test' },
    ...overrides,
  };
}

/** Runs a step to its end; the container is left for the caller (or afterAll) to remove. */
async function runStep(
  stepSpec: StepSpec,
): Promise<{ exitCode: number; output: string; raw: Buffer; containerId: string }> {
  const chunks: Buffer[] = [];
  const step = await engine.startStep(stepSpec, (chunk) => chunks.push(chunk));
  const exitCode = await step.exited;
  const raw = Buffer.concat(chunks);
  return { exitCode, output: raw.toString('utf8'), raw, containerId: step.containerId };
}

beforeAll(async () => {
  busybox = await imageIdOf(busyboxRef);
  debian = await imageIdOf(debianRef);
  repo = await mkdtemp(join(tmpdir(), 'kozmic-engine-repo-'));
  await mkdir(join(repo, 'sub'));
  await writeFile(join(repo, 'README.md'), '# test repository\n');
  await writeFile(join(repo, 'sub', 'data.txt'), 'data in a subfolder\n');
  const git = (...args: string[]) => run('git', args, { cwd: repo });
  await git('init', '-q');
  await git('add', '.');
  await git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'initial');
});

afterAll(async () => {
  for (const container of await engine.listContainers(labels)) await engine.removeContainer(container.id);
  for (const image of await engine.listImages(labels)) await engine.removeImage(image.id);
  for (const reference of pulledReferences) await run('docker', ['rmi', reference]).catch(() => undefined);
  if (repo) await rm(repo, { recursive: true, force: true });
});

describe('prepareImage', () => {
  it('returns the id of a local image without pulling', async () => {
    const lines: string[] = [];
    expect(await engine.prepareImage(busyboxRef, (line) => lines.push(line))).toBe(busybox);
    expect(lines).toEqual([]);
  });

  describe('with a local registry', () => {
    let registry: LocalRegistry;

    beforeAll(async () => {
      registry = await startLocalRegistry();
    });

    afterAll(async () => {
      await registry?.stop();
    });

    it('pulls an image from a registry with a port, reporting progress', async () => {
      const reference = await registry.push(busyboxRef, 'kozmic/busybox:1');
      pulledReferences.push(reference);
      await expect(run('docker', ['image', 'inspect', reference])).rejects.toThrow();

      const lines: string[] = [];
      expect(await engine.prepareImage(reference, (line) => lines.push(line))).toBe(busybox);
      expect(lines[0]).toBe(`Pulling ${reference}`);
      // Docker already has this very image under the other tag, so there is no layer to fetch.
      expect(lines).toContain('1: Pulling from kozmic/busybox');
      expect(lines.at(-1)).toBe(`Status: Downloaded newer image for ${reference}`);
      expect(await imageIdOf(reference)).toBe(busybox);
    });

    it('takes the tag to be latest when none is given', async () => {
      const reference = await registry.push(busyboxRef, 'kozmic/busybox:latest');
      pulledReferences.push(reference);
      const untagged = reference.slice(0, -':latest'.length);
      expect(await engine.prepareImage(untagged, () => undefined)).toBe(busybox);
      expect(await engine.prepareImage(untagged, () => undefined)).toBe(busybox);
    });

    it('reports each layer once per status while downloading a new one', async () => {
      const local = `kozmic-test/random-layer:${runId}`;
      // A layer nobody has yet: random bytes, so Docker really downloads and extracts it.
      await run('sh', [
        '-c',
        `cd "$(mktemp -d)" && head -c 4000000 /dev/urandom >blob && tar -c blob | docker import - ${local}`,
      ]);
      const reference = await registry.push(local, 'kozmic/random:1');
      await run('docker', ['rmi', local]);
      pulledReferences.push(reference);

      const lines: string[] = [];
      const id = await engine.prepareImage(reference, (line) => lines.push(line));
      expect(id).toBe(await imageIdOf(reference));
      const layerLines = lines.filter((line) => /^[0-9a-f]{12}: /.test(line));
      expect(layerLines.some((line) => /: Downloading \(\d+(\.\d)? MB\)$/.test(line))).toBe(true);
      expect(layerLines.some((line) => line.endsWith(': Pull complete'))).toBe(true);
      expect(new Set(layerLines).size).toBe(layerLines.length);
      expect(lines.length).toBeLessThan(20);
    });

    it('fails with an image error saying what happened when the image does not exist', async () => {
      const reference = `${registry.host}/kozmic/missing:1`;
      const error = await engine.prepareImage(reference, () => undefined).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).kind).toBe('image');
      expect((error as EngineError).message).toContain(
        `Image "${reference}" is not on this machine and could not be pulled`,
      );
      expect((error as EngineError).message).toMatch(/not found|unknown/i);
      expect((error as EngineError).message).toContain('Check the image name and tag');
    });
  });

  it('fails with an image error for an unreachable registry', async () => {
    const error = await engine
      .prepareImage('127.0.0.1:1/kozmic/nowhere:1', () => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).kind).toBe('image');
    expect((error as EngineError).message).toMatch(/connection refused/i);
  });

  it('gives up as soon as it is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('job cancelled'));
    await expect(engine.prepareImage(busyboxRef, () => undefined, controller.signal)).rejects.toThrow(
      'job cancelled',
    );
  });

  it('fails with an engine error, saying what to do, when no engine answers', async () => {
    const nowhere = new DockerEngine('unix:///tmp/kozmic-no-docker-here.sock');
    const error = await nowhere.prepareImage(busyboxRef, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).kind).toBe('engine');
    expect((error as EngineError).message).toMatch(
      /^No Docker engine answers at unix:\/\/\/tmp\/kozmic-no-docker-here\.sock\. Start Docker/,
    );
  });
});

describe('imageHasUser', () => {
  it('reads the users from the image', async () => {
    expect(await engine.imageHasUser(debian, 'kozmic')).toBe(true);
    expect(await engine.imageHasUser(debian, 'root')).toBe(true);
    expect(await engine.imageHasUser(debian, 'nobody-here')).toBe(false);
    expect(await engine.imageHasUser(busybox, 'kozmic')).toBe(false);
    expect(await engine.imageHasUser(busybox, 'root')).toBe(true);
  });
});

describe('startStep', () => {
  it('reports the exit code of the script', async () => {
    expect((await runStep(spec({ image: busybox, script: 'exit 0' }))).exitCode).toBe(0);
    expect((await runStep(spec({ image: busybox, script: 'echo failing; exit 3' }))).exitCode).toBe(3);
    // A step to be committed runs its script as a child, and still ends with the script's code.
    expect((await runStep(spec({ image: busybox, script: 'exit 5', committed: true }))).exitCode).toBe(5);
  });

  it('delivers the output byte for byte, colours included, before exited resolves', async () => {
    const { output, exitCode } = await runStep(
      spec({
        image: busybox,
        script: `printf '\\033[1;31mred\\033[0m plain \\342\\234\\223\\n'; seq 1 2000 | tail -n 1`,
      }),
    );
    expect(exitCode).toBe(0);
    // A TTY turns \n into \r\n, as in any terminal.
    expect(output).toBe('\u001b[1;31mred\u001b[0m plain ✓\r\n2000\r\n');
  });

  it('runs a script without a shebang under bash -eo pipefail (sh -e without bash), one with a shebang as written', async () => {
    const sh = await runStep(spec({ image: busybox, script: 'echo "no shebang: $0 $-"' }));
    expect(sh.output).toMatch(/^no shebang: \/kozmic\/script [a-zA-Z]*e[a-zA-Z]*\r\n$/);
    const bash = await runStep(
      spec({ image: debian, script: 'echo "bash ${BASH_VERSINFO[0]} $-"\nshopt -o pipefail' }),
    );
    expect(bash.output).toMatch(/^bash \d+ [a-zA-Z]*e[a-zA-Z]*\r\npipefail\s+on\r\n$/);
    const asWritten = await runStep(
      spec({ image: debian, script: '#!/bin/bash\necho "bash ${BASH_VERSINFO[0]} $-"\nfalse\necho still here' }),
    );
    expect(asWritten.output).toMatch(/^bash \d+ [a-df-zA-Z]*\r\nstill here\r\n$/);
  });

  it('gives the script no stdin, so a prompt ends instead of waiting for a keypress', async () => {
    const { output } = await runStep(
      spec({
        image: busybox,
        script: 'read answer || echo "read: $?"; [ -t 1 ] && echo "stdout is a terminal"',
      }),
    );
    expect(output).toBe('read: 1\r\nstdout is a terminal\r\n');
  });

  it('runs in /kozmic/src, where the source tree is', async () => {
    const { output, exitCode } = await runStep(
      spec({ image: busybox, script: 'pwd; cat README.md sub/data.txt; ls -a1' }),
    );
    expect(exitCode).toBe(0);
    expect(output.split('\r\n')).toEqual([
      '/kozmic/src',
      '# test repository',
      'data in a subfolder',
      '.',
      '..',
      'README.md',
      'sub',
      '',
    ]);
  });

  it('runs as kozmic in the debian image, owning its sources, with sudo working', async () => {
    const { output, exitCode } = await runStep(
      spec({
        image: debian,
        user: 'kozmic',
        script:
          'id -un; echo new >new-file && stat -c "%U %n" . README.md sub/data.txt new-file /kozmic/script; sudo -n id -un',
      }),
    );
    // Debian's sudo runs the command on a pty of its own (`use_pty`): its newlines come out as \r\r\n.
    expect(output.replace(/\r+\n/g, '\n').split('\n')).toEqual([
      'kozmic',
      'kozmic .',
      'kozmic README.md',
      'kozmic sub/data.txt',
      'kozmic new-file',
      'kozmic /kozmic/script',
      'root',
      '',
    ]);
    expect(exitCode).toBe(0);
  });

  it('runs as root in busybox when no user is given', async () => {
    expect(await engine.imageHasUser(busybox, 'kozmic')).toBe(false);
    const { output } = await runStep(spec({ image: busybox, script: 'id -u; stat -c %u README.md' }));
    expect(output).toBe('0\r\n0\r\n');
  });

  it('passes the environment, with a TERM for colours', async () => {
    const { output } = await runStep(
      spec({
        image: busybox,
        env: { GREETING: 'hello world', KOZMIC_BUILD_NUMBER: '7' },
        script: 'echo "$GREETING|$KOZMIC_BUILD_NUMBER|$TERM"',
      }),
    );
    expect(output).toBe('hello world|7|xterm-256color\r\n');
  });

  it('applies the limits and nothing else: no log copy, no privileges, no mounts', async () => {
    const { containerId, output } = await runStep(
      spec({
        image: busybox,
        script: 'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max',
      }),
    );
    expect(output.trim()).toBe(String(limits.pidsLimit));
    const info = await inspectContainer(containerId);
    expect(info.HostConfig).toMatchObject({
      Memory: limits.memoryBytes,
      NanoCpus: limits.nanoCpus,
      PidsLimit: limits.pidsLimit,
      LogConfig: { Type: 'none' },
      Privileged: false,
      Init: true,
    });
    expect(info.HostConfig.Binds ?? []).toEqual([]);
    expect(info.HostConfig.Mounts ?? []).toEqual([]);
    expect(info.HostConfig.SecurityOpt ?? []).toEqual([]);
    expect(info.Mounts).toEqual([]);
    expect(info.Config.Labels).toMatchObject(labels);
  });

  it('kills a running step promptly, and kill is idempotent', async () => {
    const output: Buffer[] = [];
    const step = await engine.startStep(
      spec({ image: busybox, script: 'echo started; sleep 1000' }),
      (chunk) => output.push(chunk),
    );
    await expect.poll(() => Buffer.concat(output).toString()).toContain('started');
    const killedAt = Date.now();
    await step.kill();
    expect(await step.exited).toBe(137);
    expect(Date.now() - killedAt).toBeLessThan(5000);
    await step.kill();
  });

  it('fails with the source error and leaves no container when the source cannot be read', async () => {
    const stepLabels = { ...labels, 'dev.kozmic.step': 'broken-source' };
    const broken = new Error('the commit could not be exported');
    const source = () =>
      Promise.resolve(
        new Readable({
          read() {
            this.destroy(broken);
          },
        }),
      );
    await expect(
      engine.startStep(spec({ image: busybox, script: 'true', source, labels: stepLabels }), () => undefined),
    ).rejects.toBe(broken);
    expect(await engine.listContainers(stepLabels)).toEqual([]);
  });

  it('fails with an image error for an image that is gone', async () => {
    const gone = `sha256:${'0'.repeat(64)}`;
    const error = await engine
      .startStep(spec({ image: gone, script: 'true' }), () => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).kind).toBe('image');
    expect((error as EngineError).message).toBe(
      `Image ${gone} is no longer on this machine. Run the job again.`,
    );
  });
});

describe('commit, images and containers', () => {
  it('commits a stopped step to an image that later steps start from, with none of its tree', async () => {
    const install = await runStep(
      spec({
        image: busybox,
        script: 'echo built >built.txt; mkdir -p /opt/deps && echo dep >/opt/deps/lib; exit 0',
        committed: true,
      }),
    );
    expect(install.exitCode).toBe(0);
    const cacheLabels = { ...labels, 'dev.kozmic.cache-key': `key-${runId}` };
    const imageId = await engine.commit(install.containerId, cacheLabels);
    expect(imageId).toMatch(/^sha256:[0-9a-f]{64}$/);

    const found = await engine.listImages(cacheLabels);
    expect(found.map((image) => image.id)).toEqual([imageId]);
    expect(found[0]?.labels).toMatchObject(cacheLabels);
    expect(Math.abs(Date.parse(found[0]!.createdAt) - Date.now())).toBeLessThan(60_000);

    // What the install put in the tree is gone (a later commit may have deleted those files); what it
    // installed elsewhere stays.
    const build = await runStep(
      spec({ image: imageId, script: 'ls -A1 /kozmic; ls built.txt 2>&1 || true; cat /opt/deps/lib README.md' }),
    );
    expect(build.output).toMatch(
      /^\.ready-[0-9a-f]{16}\r\nscript\r\nsrc\r\nls: built.txt: No such file or directory\r\ndep\r\n# test repository\r\n$/,
    );

    const error = await engine.removeImage(imageId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).kind).toBe('engine');

    await engine.removeContainer(build.containerId);
    await engine.removeContainer(install.containerId);
    await engine.removeImage(imageId);
    expect(await engine.listImages(cacheLabels)).toEqual([]);
    await engine.removeImage(imageId);
  });

  it('removes a container twice without complaint', async () => {
    const { containerId } = await runStep(spec({ image: busybox, script: 'true' }));
    await engine.removeContainer(containerId);
    await engine.removeContainer(containerId);
    await expect(inspectContainer(containerId)).rejects.toThrow();
  });

  it('lists containers by label, running or not', async () => {
    const stepLabels = { ...labels, 'dev.kozmic.step': `listed-${Date.now()}` };
    const step = await engine.startStep(
      spec({ image: busybox, script: 'sleep 1000', labels: stepLabels }),
      () => undefined,
    );
    expect(await engine.listContainers(stepLabels)).toEqual([
      { id: step.containerId, labels: expect.objectContaining(stepLabels) as unknown, running: true },
    ]);
    await step.kill();
    await step.exited;
    expect(await engine.listContainers(stepLabels)).toEqual([
      { id: step.containerId, labels: expect.objectContaining(stepLabels) as unknown, running: false },
    ]);
    await engine.removeContainer(step.containerId);
    expect(await engine.listContainers(stepLabels)).toEqual([]);
  });
});
