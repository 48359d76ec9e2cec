/** `sweeplab datasets` (what is available, and where) and `sweeplab datasets fetch`. */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { terminalTable } from './table';
import { listDatasets } from '../data/catalog';
import { downloadFashionMnist } from '../data/download';
import { UsageError } from './errors';

export function registerDatasetsCommand(program: Command): void {
  const datasets = program
    .command('datasets')
    .description('list the data sets Sweeplab can use, and where each one is read from')
    .option('--data-dir <dir>', 'a folder holding the Fashion-MNIST files (default: $SWEEPLAB_DATA, then the usual places)')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; json?: boolean }) => {
      const list = await listDatasets({ dataDir: opts.dataDir });
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
      const tty = Boolean(process.stderr.isTTY);
      const bar = tty ? new cliProgress.SingleBar({ stream: process.stderr, format: ' {file} |{bar}| {percentage}% {value}/{total} KiB  ({index}/{files})' }, cliProgress.Presets.shades_grey) : null;
      let current = '';
      const result = await downloadFashionMnist({
        baseUrl: opts.url,
        destDir: opts.dest,
        onProgress(p) {
          const kib = (n: number) => Math.round(n / 1024);
          if (p.file !== current) {
            current = p.file;
            if (bar) {
              bar.stop();
              bar.start(kib(p.total ?? 0), 0, { file: p.file, index: p.fileIndex + 1, files: p.files });
            } else process.stderr.write(`downloading ${p.file} (${p.fileIndex + 1}/${p.files})\n`);
          }
          bar?.update(kib(p.received), { file: p.file, index: p.fileIndex + 1, files: p.files });
        },
      });
      bar?.stop();
      process.stdout.write(`Fashion-MNIST is in ${result.dir} (${result.downloaded.length} downloaded, ${result.skipped.length} already there and verified)\n`);
    });
}
