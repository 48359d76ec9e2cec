import type { Float } from '../engine/types';
import type { DATASETS, ToyOptions } from '../sweep/configSchema';

/** One split of a classification data set: `x` is n × features, row-major. */
export interface Split {
  x: Float;
  y: Int32Array;
  n: number;
}

/** A table as read from a CSV file, before splitting. */
export interface LabelledTable {
  features: number;
  featureNames: string[];
  classes: string[];
  x: Float64Array;
  y: Int32Array;
  n: number;
}

export interface Dataset {
  name: string;
  features: number;
  classes: string[];
  /** Set for image data sets, so grids can draw rows of `x` as pictures. */
  image?: { width: number; height: number };
  /** Where the data came from, shown to the user and recorded with each run. */
  source: string;
  /** A warning the user must see, e.g. "full data not found, using the bundled subset". */
  note?: string;
  /** Tabular data: the feature column names, in the order of `x`'s columns. */
  featureNames?: string[];
  /** Set when features were standardised: the training split's per-feature mean and std, to apply to new rows. */
  standardization?: { mean: number[]; std: number[] };
  /**
   * Two-feature data: the box a decision-boundary grid covers, in the data's own units
   * (the min/max of every row per feature, padded by 10 %). When `standardization` is
   * set, a grid point p enters the model as (p − mean) / std.
   */
  plane?: { x: [number, number]; y: [number, number] };
  /** Generated data sets: the options they were generated with (the seed is the config's). */
  toy?: ToyOptions & { seed: number };
  train: Split;
  val: Split;
  test: Split;
}

/** What `sweeplab datasets` and the GUI's data set picker show (no data loaded). */
export interface DatasetInfo {
  name: (typeof DATASETS)[number];
  title: string;
  /** `generated`: a two-dimensional teaching set made from a seed, always available. */
  kind: 'tabular' | 'image' | 'generated';
  /** One line on what the data set is, for the lists that show it. */
  description?: string;
  available: boolean;
  /** The file or folder the data is read from; null when not found or not fixed (csv). */
  location: string | null;
  /** Tabular: `rows` before splitting; images: the official `train` / `test` counts. */
  counts: { rows?: number; train?: number; test?: number } | null;
  classes: string[] | null;
  note?: string;
}
