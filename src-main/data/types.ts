import type { Float } from '../engine/types';

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
  train: Split;
  val: Split;
  test: Split;
}

/** What `sweeplab datasets` and the GUI's data set picker show (no data loaded). */
export interface DatasetInfo {
  name: 'iris' | 'fashion-mnist' | 'fashion-mnist-subset' | 'csv';
  title: string;
  kind: 'tabular' | 'image';
  available: boolean;
  /** The file or folder the data is read from; null when not found or not fixed (csv). */
  location: string | null;
  /** Tabular: `rows` before splitting; images: the official `train` / `test` counts. */
  counts: { rows?: number; train?: number; test?: number } | null;
  classes: string[] | null;
  note?: string;
}
