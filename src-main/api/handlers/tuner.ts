/** The tuner: a sweep's optimisation history, its pruner's rungs and the budget spent. */
import type { Handlers } from '../context';
import { schemas } from '../schemas';
import { loadTunerView } from '../tunerView';

export const tunerHandlers = {
  tunerView: { input: schemas.tunerView, run: (ctx, { sweepId }) => loadTunerView(ctx.store, sweepId) },
} satisfies Handlers<'tunerView'>;
