// Draws the extension's icon, client/icon.png (128x128 RGBA): the event loop (a ring with an arrowhead) stopped by
// a pause sign, on a dark rounded square. Plain shapes with 4x4 supersampling, written as a PNG with node:zlib, so
// the icon needs no image tool and is the same on every machine. `node scripts/icon.mjs` writes it;
// `--check` exits 1 when the checked-in file's pixels differ from what this script draws (test/package-contents).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, deflateSync, inflateSync } from "node:zlib";

const SIZE = 128;
const SAMPLES = 4;
const ICON = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../client/icon.png");

const BACKGROUND = [0x1e, 0x29, 0x3b];
const LOOP = [0x7d, 0xd3, 0xfc];
const PAUSE = [0xf5, 0x9e, 0x0b];

/** Signed distance to a rounded rectangle centred at (cx, cy): negative inside. */
function roundedRect(x, y, cx, cy, halfWidth, halfHeight, radius) {
  const dx = Math.abs(x - cx) - (halfWidth - radius);
  const dy = Math.abs(y - cy) - (halfHeight - radius);
  return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - radius;
}

/** Inside the ring of the event loop: a circle's band, open at the top right where the arrowhead sits. */
function inLoop(x, y) {
  const dx = x - 64;
  const dy = y - 64;
  const distance = Math.hypot(dx, dy);
  if (distance < 36 || distance > 48) return false;
  const angle = Math.atan2(dy, dx); // 0 points right, -π/2 up (y grows downwards)
  return !(angle > -Math.PI / 2 && angle < -Math.PI / 6);
}

/** The arrowhead at the ring's open end (at -30°), pointing along the loop's direction (clockwise). */
function inArrowhead(x, y) {
  const [a, b, c] = [
    [64 + 58 * Math.cos(-Math.PI / 6), 64 + 58 * Math.sin(-Math.PI / 6)],
    [64 + 26 * Math.cos(-Math.PI / 6), 64 + 26 * Math.sin(-Math.PI / 6)],
    [64 + 42 * Math.cos(-Math.PI / 6) + 20 * Math.cos(-Math.PI / 6 + Math.PI / 2), 64 + 42 * Math.sin(-Math.PI / 6) + 20 * Math.sin(-Math.PI / 6 + Math.PI / 2)],
  ];
  const side = (p, q) => (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

function inPause(x, y) {
  return roundedRect(x, y, 55, 64, 6, 18, 3) <= 0 || roundedRect(x, y, 73, 64, 6, 18, 3) <= 0;
}

/** The icon as RGBA rows. */
export function iconPixels() {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = px + (sx + 0.5) / SAMPLES;
          const y = py + (sy + 0.5) / SAMPLES;
          if (roundedRect(x, y, 64, 64, 62, 62, 22) > 0) continue; // transparent corner
          const color = inPause(x, y) ? PAUSE : inLoop(x, y) || inArrowhead(x, y) ? LOOP : BACKGROUND;
          sum[0] += color[0];
          sum[1] += color[1];
          sum[2] += color[2];
          sum[3] += 255;
        }
      }
      const covered = sum[3] / 255;
      const offset = (py * SIZE + px) * 4;
      // Colour averaged over the covered samples, alpha from the coverage (straight alpha, as PNG stores it).
      for (let i = 0; i < 3; i++) pixels[offset + i] = covered ? Math.round(sum[i] / covered) : 0;
      pixels[offset + 3] = Math.round(sum[3] / (SAMPLES * SAMPLES));
    }
  }
  return pixels;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** An 8-bit RGBA PNG, every row with filter 0. */
export function encodePng(pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) pixels.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(rows, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

/** The RGBA rows of a PNG this script wrote (one IDAT, filter 0 on every row). */
function decodePng(png) {
  let offset = 8;
  let data;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    if (png.toString("latin1", offset + 4, offset + 8) === "IDAT") data = png.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
  }
  const rows = inflateSync(data);
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) rows.copy(pixels, y * SIZE * 4, y * (SIZE * 4 + 1) + 1, (y + 1) * (SIZE * 4 + 1));
  return pixels;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pixels = iconPixels();
  if (process.argv.includes("--check")) {
    // Pixels, not bytes: another zlib may compress the same pixels differently.
    const same = decodePng(readFileSync(ICON)).equals(pixels);
    console.log(same ? `${path.relative(process.cwd(), ICON)} is current` : `${path.relative(process.cwd(), ICON)} differs: run node scripts/icon.mjs`);
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(ICON, encodePng(pixels));
    console.log(ICON);
  }
}
