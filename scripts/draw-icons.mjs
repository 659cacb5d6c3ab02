// Draws Kozmic's tray icons and application icon from one description (shapes in a unit square), so
// every size and platform variant stays in step: `node scripts/draw-icons.mjs` rewrites resources/tray/
// and build/icon.png. Each state has its own shape as well as its own colour, so it reads in a
// monochrome macOS menu bar (the *Template images) and for colour-blind users.
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, crc32 } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Inside-tests in a unit square centred on (0.5, 0.5). */
const disc = (x, y) => Math.hypot(x - 0.5, y - 0.5) <= 0.42;
const ring = (x, y) => {
  const r = Math.hypot(x - 0.5, y - 0.5);
  return r <= 0.42 && r >= 0.27;
};
const bar = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

/** The states of electron/tray/tray-model.ts, most severe first. */
export const states = {
  // A disc with a bar cut through it: stop, something is broken.
  broken: { rgb: [0xd7, 0x3a, 0x49], inside: (x, y) => disc(x, y) && !bar(0.24, 0.42, 0.76, 0.58)(x, y) },
  // Three quarters of a ring: work in progress.
  running: { rgb: [0x2f, 0x81, 0xf7], inside: (x, y) => ring(x, y) && !(x > 0.5 && y < 0.5) },
  // A disc with an exclamation mark cut out: look here.
  warning: {
    rgb: [0xd2, 0x99, 0x22],
    inside: (x, y) => disc(x, y) && !bar(0.43, 0.2, 0.57, 0.58)(x, y) && !bar(0.43, 0.67, 0.57, 0.8)(x, y),
  },
  // A full disc: all good.
  good: { rgb: [0x2d, 0xa4, 0x4e], inside: disc },
  // An empty ring: quiet, notifications paused.
  muted: { rgb: [0x8b, 0x94, 0x9e], inside: ring },
};

/** RGBA pixels of `inside` at `size` px, 4×4 supersampled for smooth edges. */
function raster(size, inside, rgb) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) if (inside((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size)) hits++;
      }
      const at = (py * size + px) * 4;
      pixels[at] = rgb[0];
      pixels[at + 1] = rgb[1];
      pixels[at + 2] = rgb[2];
      pixels[at + 3] = Math.round((hits / 16) * 255);
    }
  }
  return pixels;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A truecolour-with-alpha PNG (colour type 6, 8 bits), each row prefixed with filter type 0. */
export function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function write(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

function drawTray() {
  const out = join(root, 'resources', 'tray');
  for (const [name, { rgb, inside }] of Object.entries(states)) {
    for (const base of [16, 32]) {
      write(join(out, `${name}-${base}.png`), png(base, raster(base, inside, rgb)));
      write(join(out, `${name}-${base}@2x.png`), png(base * 2, raster(base * 2, inside, rgb)));
    }
    // macOS template images: black and alpha only; the menu bar tints them for light and dark.
    write(join(out, `${name}Template.png`), png(16, raster(16, inside, [0, 0, 0])));
    write(join(out, `${name}Template@2x.png`), png(32, raster(32, inside, [0, 0, 0])));
  }
}

/** The application icon: the "good" disc on a dark rounded square, 512 px (electron-builder derives the rest). */
function drawAppIcon() {
  const size = 512;
  const square = (x, y) => {
    const r = 0.18;
    const dx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
    const dy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
    return Math.hypot(dx, dy) <= r;
  };
  const background = raster(size, square, [0x16, 0x1b, 0x22]);
  const mark = raster(size, (x, y) => states.running.inside((x - 0.5) / 0.7 + 0.5, (y - 0.5) / 0.7 + 0.5), states.good.rgb);
  for (let at = 0; at < background.length; at += 4) {
    const alpha = mark[at + 3] / 255;
    for (let c = 0; c < 3; c++) background[at + c] = Math.round(mark[at + c] * alpha + background[at + c] * (1 - alpha));
  }
  write(join(root, 'build', 'icon.png'), png(size, background));
}

drawTray();
drawAppIcon();
console.log('Drew resources/tray/*.png and build/icon.png');
