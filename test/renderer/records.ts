/** RunRecords and RunDetails for renderer tests, with sensible defaults. */
import type { RunDetail, RunRecord } from '../../src-renderer/src/shared';

export { runRecord } from '../store/records';

export function runDetail(run: RunRecord, sweptKeys: string[] = []): RunDetail {
  return { run, sweepName: `sweep-${run.sweepId}`, sweptKeys, artifacts: [], progress: null };
}
