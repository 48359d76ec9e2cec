/** `sweeplab datasets` (what is available, and where) and `sweeplab datasets fetch`. */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { ApiEvents } from '../api/contract';
import { UsageError } from './errors';
import { withSession } from './session';
import { terminalTable } from './table';

export function registerDatasetsCommand(program: Command): void {
  const datasets = program
    .command('datasets')
    .description('list the data sets Sweeplab can use, and where each one is read from')
    .option('--db <file>', 'SQLite database whose settings name a data folder (default: $SWEEPLAB_DB or the app\'s user-data folder, when it exists)')
    .option('--data-dir <dir>', 'a folder holding the Fashion-MNIST files, before the one in the app\'s settings (default: that one, then $SWEEPLAB_DATA, then the usual places)')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; dataDir?: string; json?: boolean }) => {
      const list = await withSession({ db: opts.db, dataDir: opts.dataDir, missing: 'none' }, (s) => s.call('listDatasets', undefined));
      if (opts.json) return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      const t = terminalTable(['name', 'kind', 'available', 'size', 'classes', 'location'], { wordWrap: true });
      for (const d of list) {
        const size = d.counts ? Object.entries(d.counts).map(([k, v]) => `${v} ${k}`).join(', ') : '';
        t.push([d.name, d.kind, d.available ? 'yes' : 'no', size, d.classes ? String(d.classes.length) : '', d.location ?? '']);
      }
      process.stdout.write(`${t.toString()}\n`);
      for (const d of list) if (d.note) process.stdout.write(`${d.name}: ${d.note}\n`);
    });

  datasets
    .command('fetch')
    .description('download a data set into the app\'s data folder, verifying each file\'s SHA-256')
    .argument('<name>', 'the data set (fashion-mnist)')
    .option('--url <base>', 'a mirror to download from instead of the official one')
    .option('--dest <dir>', 'where to store the files (default: the app\'s data folder)')
    .action(async (name: string, opts: { url?: string; dest?: string }) => {
      if (name !== 'fashion-mnist') throw new UsageError(`cannot fetch "${name}": only fashion-mnist is downloadable (iris is bundled)`);
      const { dir } = await withSession({ missing: 'none', downloadBaseUrl: opts.url }, async (s) => {
        const bar = downloadBar();
        const off = s.onEvent((m) => m.event === 'dataset-progress' && bar.show(m.data));
        try {
          return await s.call('fetchDataset', { name, ...(opts.dest === undefined ? {} : { dir: opts.dest }) });
        } finally {
          off();
          bar.stop();
        }
      });
      process.stdout.write(`Fashion-MNIST is in ${dir} (each file verified against its SHA-256)\n`);
    });
}

/** A bar per file on a TTY, a line per file otherwise. */
function downloadBar() {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ stream: process.stderr, format: ' {file} |{bar}| {percentage}% {value}/{total} KiB  ({index}/{files})' }, cliProgress.Presets.shades_grey)
    : null;
  const kib = (n: number) => Math.round(n / 1024);
  let current = '';
  return {
    show(p: ApiEvents['dataset-progress']) {
      if (p.done || !p.file) return;
      const payload = { file: p.file, index: p.fileIndex + 1, files: p.files };
      if (p.file !== current) {
        current = p.file;
        if (bar) {
          bar.stop();
          bar.start(kib(p.total ?? 0), 0, payload);
        } else process.stderr.write(`downloading ${p.file} (${p.fileIndex + 1}/${p.files})\n`);
      }
      bar?.update(kib(p.received), payload);
    },
    stop: () => bar?.stop(),
  };
}
