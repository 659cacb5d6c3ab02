// `npm run standin`: the GitHub stand-in on a fixed port with sample accounts and repositories, for
// trying Kozmic end to end without GitHub. State lives in memory and is gone when it stops.
import { startStandin } from './standin.js';

const port = Number(process.env.STANDIN_PORT ?? 7440);
const host = process.env.STANDIN_HOST ?? '127.0.0.1';
// Fixed by default, so the variables printed below stay valid across restarts.
const clientId = process.env.STANDIN_CLIENT_ID ?? 'Iv1.kozmicstandin0001';
const clientSecret = process.env.STANDIN_CLIENT_SECRET ?? 'standin-client-secret-not-for-production';
const octocatToken = 'gho_standinOctocatToken0000000000000000';
// The printed command points Kozmic's public URL at its webhook port: the one Kozmic will use.
const kozmicPort = process.env.KOZMIC_PORT ?? '7420';
const portSetting = process.env.KOZMIC_PORT ? `KOZMIC_PORT=${kozmicPort} ` : '';

const buildScript = (name: string) => `#!/bin/sh
# Called by the hook's build script (for example: sh ./build.sh).
set -e
echo "Building ${name} at $(date -u +%H:%M:%S)"
for step in lint compile test; do
  printf '\\033[1;34m==>\\033[0m %s\\n' "$step"
  sleep 1
done
printf '\\033[32mAll good.\\033[0m\\n'
`;

async function main(): Promise<void> {
  if (!Number.isInteger(port) || port <= 0 || port > 65_535)
    throw new Error('STANDIN_PORT must be a port number');
  const standin = await startStandin({ port, host, clientId, clientSecret });
  standin.addUser('octocat', { name: 'The Octocat', email: 'octocat@example.com' });
  standin.addUser('hubot', { name: 'Hubot', email: 'hubot@example.com' });
  standin.addOrg('octo-org', { octocat: 'admin', hubot: 'member' });
  standin.issueToken('octocat', ['repo', 'admin:repo_hook', 'read:org', 'user'], octocatToken);

  await standin.createRepo('octocat', 'hello-world', {
    'README.md': '# hello-world\n\nA sample repository on the GitHub stand-in.\n',
    'build.sh': buildScript('hello-world'),
  });
  await standin.createRepo(
    'octocat',
    'private-app',
    {
      'README.md': '# private-app\n',
      'requirements.txt': 'left-pad==1.3.0\n',
      'install.sh':
        '#!/bin/sh\n# Install step (cached while requirements.txt does not change).\necho "Installing $(cat requirements.txt)"\n',
      'build.sh': buildScript('private-app'),
    },
    { private: true, collaborators: { hubot: 'write' } },
  );
  await standin.createRepo('octo-org', 'service', {
    'README.md': '# service\n',
    'build.sh': '#!/bin/sh\necho "This build fails on purpose."\nexit 1\n',
  });

  const gitHost = standin.url.replace(/^http:\/\//, '');
  console.log(`GitHub stand-in running at ${standin.url} (REST API ${standin.apiUrl})

  Users:         octocat (token ${octocatToken}), hubot; organisation octo-org
  Repositories:  octocat/hello-world, octocat/private-app (private), octo-org/service
  OAuth app:     client id ${clientId}
                 client secret ${clientSecret}

Point Kozmic at it:
  ${portSetting}KOZMIC_GITHUB_URL=${standin.url} KOZMIC_GITHUB_CLIENT_ID=${clientId} KOZMIC_GITHUB_CLIENT_SECRET=${clientSecret} KOZMIC_PUBLIC_URL=http://127.0.0.1:${kozmicPort} npm start

Sign in: Kozmic shows a code; open ${standin.url}/login/device, enter it and pick a user (no password).
Push to trigger builds (webhooks are sent like GitHub's):
  git clone http://x-access-token:${octocatToken}@${gitHost}/octocat/hello-world.git
Overview: ${standin.url}/   Stop with Ctrl-C.   (Port: STANDIN_PORT, now ${port}.)`);

  const stop = () => {
    console.log('\nStopping the GitHub stand-in.');
    standin.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `The GitHub stand-in could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
