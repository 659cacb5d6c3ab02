// A commit's tree as a tar stream straight from `git archive`. Git writes the tar as it goes, so a
// failure shows only in its exit code: the stream then errors, rather than ending as if complete.
import { PassThrough } from 'node:stream';
import { SourceError } from '../core/ports.js';
import { gitMissing, spawnGit, stopGit } from './run-git.js';

export function archiveStream(mirror: string, sha: string): NodeJS.ReadableStream {
  const tar = new PassThrough();
  const git = spawnGit(['--git-dir', mirror, 'archive', '--format=tar', sha]);
  let stderr = '';
  let exited = false;
  git.stdin.end();
  git.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-8192)));
  git.stdout.pipe(tar, { end: false });
  git.on('error', (error) => tar.destroy(gitMissing(error)));
  // 'close' comes after stdout ended, so every byte has been handed to `tar` by then.
  git.on('close', (code) => {
    exited = true;
    if (code === 0) tar.end();
    else tar.destroy(new SourceError(`git archive of ${sha} failed (exit code ${code}):\n${stderr.trim()}`));
  });
  // A consumer that gives up early (a failed container upload) must not leave git blocked on a full pipe.
  tar.on('close', () => {
    if (!exited) stopGit(git);
  });
  return tar;
}
