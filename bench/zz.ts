import { spawn } from 'node:child_process';
import { extract } from 'tar-stream';
import { pipeline } from 'node:stream/promises';
let bad = 0;
for (let i = 0; i < 30; i++) {
  const src = spawn('git', ['archive', 'HEAD'], { cwd: '/tmp/srcrepo' }).stdout;
  await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
  const ex = extract(); let n = 0;
  const feeding = pipeline(src, ex); feeding.catch(() => {});
  for await (const e of ex) { n++; e.resume(); }
  await feeding;
  if (n === 0) bad++;
}
console.log('bad', bad);
