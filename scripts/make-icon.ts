/**
 * Draws the app icon, build/icon.png (512×512; electron-builder derives the macOS,
 * Windows and Linux sizes from it): a rounded indigo tile with four rising bars, one per
 * trial of a sweep, and the best run's curve climbing over them to a highlighted point.
 *
 *   npx tsx scripts/make-icon.ts [out.png]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';

const SIZE = 512;

export function drawIcon(size = SIZE): Buffer {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  const u = size / 512; // every coordinate below is on a 512 grid

  // The tile: macOS-style margin and corner radius, a top-to-bottom gradient.
  const m = 32 * u;
  const bg = ctx.createLinearGradient(0, m, 0, size - m);
  bg.addColorStop(0, '#3b3f9e');
  bg.addColorStop(1, '#1e2160');
  ctx.fillStyle = bg;
  ctx.beginPath();
  ctx.roundRect(m, m, size - 2 * m, size - 2 * m, 96 * u);
  ctx.fill();

  // Four bars, rising left to right, lighter as they rise.
  const base = 400 * u;
  const heights = [92, 148, 196, 252];
  const colours = ['#4f7fd8', '#4a9fe0', '#43bfe0', '#4fdcc6'];
  const barW = 56 * u;
  const gap = 24 * u;
  const x0 = (size - (4 * barW + 3 * gap)) / 2;
  heights.forEach((h, i) => {
    ctx.fillStyle = colours[i]!;
    ctx.beginPath();
    ctx.roundRect(x0 + i * (barW + gap), base - h * u, barW, h * u, [12 * u, 12 * u, 0, 0]);
    ctx.fill();
  });

  // The curve: a smooth climb that flattens out, like a validation-accuracy curve.
  const points = [
    [112, 284],
    [190, 230],
    [270, 176],
    [350, 140],
    [402, 126],
  ].map(([x, y]) => [x! * u, y! * u] as const);
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 18 * u;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(points[0]![0], points[0]![1]);
  for (let i = 1; i < points.length; i++) {
    const [px, py] = points[i - 1]!;
    const [x, y] = points[i]!;
    ctx.quadraticCurveTo(px, py, (px + x) / 2, (py + y) / 2);
  }
  const last = points.at(-1)!;
  ctx.lineTo(last[0], last[1]);
  ctx.stroke();

  // The best point.
  ctx.fillStyle = '#ffd166';
  ctx.beginPath();
  ctx.arc(last[0], last[1], 24 * u, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 8 * u;
  ctx.stroke();

  return canvas.toBuffer('image/png');
}

const out = process.argv[2] ?? path.join('build', 'icon.png');
writeFileSync(out, drawIcon());
console.log(`wrote ${out}`);
