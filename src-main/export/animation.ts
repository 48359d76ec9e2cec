/**
 * A run's frames as an animated GIF (one picture per frame: decision boundary over the
 * training points, unit thumbnails, or for images weight tiles, confusion and predictions,
 * with a caption) and one frame as a PNG. The pixels are frames/render.ts's, the GUI's
 * too; text is drawn on @napi-rs/canvas like the other PNG exports; the GIF is encoded
 * on the fixed frame palette (frames/gif.ts). `exportAnimations` is what
 * `sweeplab export --animation` does, through the API like every CLI command.
 */
import { createCanvas } from '@napi-rs/canvas';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApiMethod, Req, Res, ScatterPoints } from '../api/contract';
import { encodeGif } from '../frames/gif';
import { composePanels, type PanelInput, type PixelCanvas2D } from '../frames/frameLayout';
import { framePalette } from '../frames/render';
import { lockstepIndices, lockstepTimeline } from '../frames/timeline';
import type { Frame } from '../frames/types';
import { runLabel } from '../shared/runLabel';

/** The ceiling for one run's GIF (a README, a slide). */
export const GIF_MAX_BYTES = 3 * 1024 * 1024;
/** Fewer frames than this and an animation stops reading as one: the size budget never thins below it. */
export const GIF_MIN_FRAMES = 30;

export interface FramePictureOptions {
  points?: ScatterPoints['points'];
  labels?: ScatterPoints['labels'];
  /** In front of the caption, e.g. `run 4: lr=0.03`. */
  label?: string;
  /** The decision boundary's side in pixels (the other panels follow). Default 280. */
  size?: number;
}

/** One run's frame in a picture: the frame, its training points, its label. */
export type FramePanel = PanelInput;

/** One frame, text included, as RGBA. */
export function framePicture(frame: Frame, opts: FramePictureOptions = {}): { width: number; height: number; rgba: Uint8ClampedArray } {
  return panelsPicture([{ frame, ...opts }], opts.size);
}

/** Frames side by side (runs in lockstep), each with its text, as one RGBA picture (frameLayout.ts draws it, as the GUI does). */
export function panelsPicture(panels: readonly FramePanel[], size = 280): { width: number; height: number; rgba: Uint8ClampedArray } {
  return composePanels(panels, size, (w, h) => createCanvas(w, h).getContext('2d') as unknown as PixelCanvas2D)!;
}

export interface GifExportOptions extends FramePictureOptions {
  /** Per frame; default 100 ms. */
  delayMs?: number;
  maxBytes?: number;
}

/**
 * The frames as a GIF under `maxBytes`: when too big, every other frame is dropped (never
 * below GIF_MIN_FRAMES, the last frame always kept), then the pictures shrink.
 */
export function animationGif(frames: readonly Frame[], opts: GifExportOptions = {}): { bytes: Uint8Array; frames: number } {
  if (frames.length === 0) throw new RangeError('animationGif: the run has no frames');
  return sequenceGif(
    frames.map((frame) => [{ frame, points: opts.points, labels: opts.labels, label: opts.label }]),
    opts,
  );
}

/**
 * Runs in lockstep as one GIF: at each step of their shared timeline (frames/timeline.ts,
 * as the compare view plays them) every run's frame at or before it, side by side.
 */
export function lockstepGif(runs: readonly { frames: readonly Frame[]; points?: FramePanel['points']; labels?: FramePanel['labels']; label?: string }[], opts: Omit<GifExportOptions, keyof FramePictureOptions> & { size?: number } = {}): { bytes: Uint8Array; frames: number } {
  const playing = runs.filter((r) => r.frames.length > 0);
  if (playing.length === 0) throw new RangeError('lockstepGif: none of the runs has frames');
  const timeline = lockstepTimeline(playing.map((r) => r.frames));
  const sequence = timeline.map((step) => lockstepIndices(playing.map((r) => r.frames), step).map((i, k) => ({ frame: playing[k].frames[i], points: playing[k].points, labels: playing[k].labels, label: playing[k].label })));
  return sequenceGif(sequence, opts);
}

/** Pictures (each a row of panels) as a GIF under the size budget; see animationGif. */
function sequenceGif(sequence: readonly (readonly FramePanel[])[], opts: { delayMs?: number; maxBytes?: number; size?: number }): { bytes: Uint8Array; frames: number } {
  const maxBytes = opts.maxBytes ?? GIF_MAX_BYTES;
  const metas = sequence[0].map((p) => p.frame.meta);
  const classes = Math.max(...metas.map((m) => (m.kind === 'plane' ? m.classes : m.confusion.length)));
  let size = opts.size ?? 280;
  let chosen = [...sequence];
  for (;;) {
    const pictures = chosen.map((panels) => panelsPicture(panels, size));
    const { width, height } = pictures[0];
    const bytes = encodeGif(
      pictures.map((p) => p.rgba),
      { width, height, palette: framePalette(classes), delayMs: opts.delayMs ?? 100 },
    );
    if (bytes.length <= maxBytes) return { bytes, frames: chosen.length };
    if (chosen.length >= 2 * GIF_MIN_FRAMES) chosen = chosen.filter((_, i) => i % 2 === 0 || i === chosen.length - 1);
    else if (size > 120) size = Math.round(size * 0.75);
    else return { bytes, frames: chosen.length };
  }
}

export async function framePng(frame: Frame, opts: FramePictureOptions = {}): Promise<Buffer> {
  const { width, height, rgba } = framePicture(frame, opts);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const data = ctx.createImageData(width, height);
  data.data.set(rgba);
  ctx.putImageData(data, 0, 0);
  return canvas.encode('png');
}

type Call = <M extends ApiMethod>(method: M, req: Req<M>) => Promise<Res<M>>;

export interface AnimationExportOptions {
  /** The folder for run-<id>.gif files, or with `file` the folder of that file. */
  dir: string;
  /** One GIF to write (a single run, or `lockstep`) under this exact path instead of run-<id>.gif. */
  file?: string;
  /** All the runs side by side in one GIF, stepping together (at most LOCKSTEP_MAX_RUNS). */
  lockstep?: boolean;
  /** A frame's index (0 = the first; 'last') to write as a PNG as well. */
  frame?: number | 'last';
  /** A line for the person: a run skipped, and why. */
  note?: (line: string) => void;
}

/** As the compare view: more panels side by side stop being readable. */
export const LOCKSTEP_MAX_RUNS = 4;

interface RunAnimation {
  id: number;
  frames: Frame[];
  picture: FramePictureOptions;
}

/** Each run's frames with its training points and label; runs without frames are noted and left out. */
async function loadRuns(call: Call, runIds: readonly number[], note?: (line: string) => void): Promise<RunAnimation[]> {
  const scatter = new Map<string, Promise<ScatterPoints | null>>();
  const out: RunAnimation[] = [];
  for (const id of runIds) {
    const { frames } = await call('runFrames', { id });
    if (frames.length === 0) {
      note?.(`run ${id}: no frames recorded, skipped (frames are on by default for two-feature data; set frames.enabled for image data)`);
      continue;
    }
    const detail = await call('getRun', { id });
    const picture: FramePictureOptions = { label: runLabel(detail.run, detail.sweptKeys) };
    if (frames[0].meta.kind === 'plane') {
      const d = detail.run.config.dataset;
      const key = JSON.stringify([d.name, d.seed, d.toy ?? null, d.path ?? null]);
      if (!scatter.has(key)) scatter.set(key, samplesOf(call, d).catch(() => null));
      const points = await scatter.get(key)!;
      if (points) Object.assign(picture, { points: points.points, labels: points.labels });
    }
    out.push({ id, frames, picture });
  }
  return out;
}

/**
 * Writes run-<id>.gif (and run-<id>-frame-<n>.png) for each run that recorded frames,
 * or with `lockstep` one GIF of them all side by side; returns the paths written.
 */
export async function exportAnimations(call: Call, runIds: readonly number[], opts: AnimationExportOptions): Promise<string[]> {
  if (opts.lockstep && runIds.length > LOCKSTEP_MAX_RUNS) throw Object.assign(new Error(`a lockstep animation shows at most ${LOCKSTEP_MAX_RUNS} runs side by side; ${runIds.length} are chosen`), { code: 'BAD_INPUT' });
  const runs = await loadRuns(call, runIds, opts.note);
  if (opts.file && !opts.lockstep && runs.length > 1) throw Object.assign(new Error(`${runs.length} runs have frames: a single .gif file holds one run, or all of them with --lockstep`), { code: 'BAD_INPUT' });
  await mkdir(opts.file ? path.dirname(opts.file) : opts.dir, { recursive: true });
  const written: string[] = [];
  if (opts.lockstep) {
    if (runs.length === 0) return written;
    const gif = lockstepGif(runs.map((r) => ({ frames: r.frames, ...r.picture })));
    const file = opts.file ?? path.join(opts.dir, 'lockstep.gif');
    await writeFile(file, gif.bytes);
    written.push(file);
    return written;
  }
  for (const { id, frames, picture } of runs) {
    const gif = animationGif(frames, picture);
    const file = opts.file ?? path.join(opts.dir, `run-${id}.gif`);
    await writeFile(file, gif.bytes);
    written.push(file);
    if (opts.frame !== undefined) {
      const index = opts.frame === 'last' ? frames.length - 1 : opts.frame;
      if (index >= frames.length) opts.note?.(`run ${id}: no frame ${index} (it has ${frames.length}, 0–${frames.length - 1})`);
      else {
        const png = path.join(path.dirname(file), `run-${id}-frame-${index}.png`);
        await writeFile(png, await framePng(frames[index], picture));
        written.push(png);
      }
    }
  }
  return written;
}

type DatasetConfig = Res<'getRun'>['run']['config']['dataset'];

async function samplesOf(call: Call, d: DatasetConfig): Promise<ScatterPoints | null> {
  const r = await call('datasetSamples', { name: d.name, count: 0, seed: d.seed, ...(d.path ? { path: d.path } : {}), ...(d.toy ? { toy: { ...d.toy, seed: d.seed } } : {}) });
  return r.scatter ?? null;
}
