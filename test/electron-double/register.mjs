// `node --import ./test/electron-double/register.mjs out/electron/main.js` runs the built desktop main
// process under plain Node, with `electron` resolved to the double in electron.mjs.
import { register } from 'node:module';

register('./resolve-electron.mjs', import.meta.url);
