/**
 * Where trials run: the one place that decides. With SWEEPLAB_QUEUE set (by the
 * environment, or by `sweeplab sweep --queue`), the scheduler hands trials to the queue
 * executor; otherwise to its local lanes. Read once, when the services start: a sweep
 * does not change executors half-way.
 */
import type { LaneContext } from '../sweep/lanes';
import { QueueExecutor } from './queueExecutor';
import { queueFromEnv } from './queueUrl';

/** The executor factory for the scheduler, or undefined for local lanes. Throws on a malformed SWEEPLAB_QUEUE. */
export function chooseExecutor(env: NodeJS.ProcessEnv = process.env): ((ctx: LaneContext) => QueueExecutor) | undefined {
  const queue = queueFromEnv(env);
  return queue ? (ctx) => new QueueExecutor(ctx, queue) : undefined;
}
