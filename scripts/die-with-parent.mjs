// Loaded into the headless host by `npm start` (`node --import`): when the process that started it
// goes away without passing a signal on (killed outright, or a shell between npm and it that died of
// SIGTERM), the host stops as if it had been sent SIGTERM itself, so no server is left holding the
// ports. Linux and macOS reparent orphans, which changes `process.ppid`.
import { clearInterval, setInterval } from 'node:timers';

const parent = process.ppid;
const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  process.kill(process.pid, 'SIGTERM');
}, 500);
watch.unref();
