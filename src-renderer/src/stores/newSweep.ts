/**
 * The New sweep form: its draft, the presets, and its validation. Validation is the
 * shared schema, run on every change (instant, no server trip); once the config is
 * valid the server's `checkConfig` adds what only it can know (files exist, duration
 * estimate), debounced. Issues from `createSweep` are shown until the draft changes.
 */
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, watch } from 'vue';
import { useApi } from '../api/client';
import { backendFor, defaultDraft, fromConfig, toConfig, type SweepDraft } from '../lib/configDraft';
import { formLosses } from '../lib/formLosses';
import { groupIssues } from '../lib/issuePaths';
import { countTrials, validateSweepConfig, type ApiError, type ConfigCheck, type ConfigIssue, type Preset, type Result, type TextFile } from '../shared';

export const CHECK_DEBOUNCE_MS = 400;

export const useNewSweepStore = defineStore('newSweep', () => {
  const api = useApi();
  const draft = ref<SweepDraft>(defaultDraft());
  const presets = ref<Preset[]>([]);
  const presetsError = ref<ApiError | null>(null);
  const check = ref<ConfigCheck | null>(null);
  const checking = ref(false);
  const serverIssues = ref<ConfigIssue[]>([]);
  const launching = ref(false);
  const error = ref<ApiError | null>(null);
  const checkError = ref<ApiError | null>(null);

  // Switching the engine drops a backend the new engine does not take (the form never
  // offers a mismatch). A loaded draft keeps what its file says; the schema marks it.
  watch(
    [draft, () => draft.value.engine],
    ([d, engine], [before]) => {
      if (d === before) d.backend = backendFor(engine, d.backend);
    },
    { flush: 'sync' },
  );

  /** Where the draft came from: 'scratch', 'preset:<id>' or 'file:<name>'. */
  const source = ref('scratch');
  const config = computed(() => toConfig(draft.value));
  let baseline = JSON.stringify(config.value);
  /** Edited since it was loaded: replacing it needs a confirmation. */
  const dirty = computed(() => JSON.stringify(config.value) !== baseline);
  const validation = computed(() => validateSweepConfig(config.value));
  const issues = computed(() => [...(validation.value.ok ? [] : validation.value.issues), ...(check.value?.issues ?? []), ...serverIssues.value]);
  const grouped = computed(() => groupIssues(issues.value, draft.value));
  const valid = computed(() => issues.value.length === 0);
  const trials = computed(() => (validation.value.ok ? countTrials(validation.value.config) : null));

  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;
  async function runCheck(): Promise<void> {
    const mine = ++seq;
    checking.value = true;
    const r = await api.call('checkConfig', { config: config.value });
    if (mine !== seq) return;
    checking.value = false;
    [check.value, checkError.value] = r.ok ? [r.data, null] : [null, r.error];
  }
  watch(config, () => {
    [serverIssues.value, check.value, error.value, checkError.value] = [[], null, null, null];
    seq++; // an answer for the old config is stale now
    checking.value = false;
    if (timer) clearTimeout(timer);
    if (validation.value.ok) timer = setTimeout(runCheck, CHECK_DEBOUNCE_MS);
  }, { immediate: true });
  onScopeDispose(() => timer && clearTimeout(timer));

  async function loadPresets(): Promise<void> {
    const r = await api.call('presets', undefined);
    presetsError.value = r.ok ? null : r.error;
    if (r.ok) presets.value = r.data;
  }

  /** Replaces the draft: a preset's config, an opened file's, or the defaults. */
  function load(input?: unknown, from = 'scratch'): void {
    draft.value = input === undefined ? defaultDraft() : fromConfig(input);
    source.value = from;
    baseline = JSON.stringify(toConfig(draft.value));
  }

  /**
   * Parses an opened file's text on the server (JSON or YAML, the CLI's reader) into the
   * draft. Refused, with every problem in `error.issues` and the draft untouched, when
   * the server refuses it (syntax, unknown keys) or the form could not hold all of it.
   */
  async function loadFile(file: { name: string; text: string }): Promise<boolean> {
    const r = await api.call('parseConfig', file);
    if (!r.ok) return ((error.value = r.error), false);
    const lost = formLosses(r.data.config);
    if (lost.length) {
      const lines = lost.map((i) => `  ${i.path}: ${i.message}`);
      error.value = { code: 'BAD_INPUT', message: [`${file.name}: the form cannot hold all of this file`, ...lines].join('\n'), issues: lost };
      return false;
    }
    error.value = null;
    load(r.data.config, `file:${file.name}`);
    return true;
  }

  /** Starts the sweep; its id, or null with `serverIssues`/`error` saying why not. */
  async function launch(): Promise<number | null> {
    if (!valid.value || launching.value) return null;
    launching.value = true;
    const r = await api.call('createSweep', { config: config.value });
    launching.value = false;
    if (r.ok) return r.data.sweepId;
    if (r.error.issues?.length) serverIssues.value = r.error.issues;
    error.value = r.error;
    return null;
  }

  const formatted = (format: 'json' | 'yaml'): Promise<Result<TextFile>> => api.call('formatConfig', { config: config.value, format });

  return { draft, source, dirty, presets, presetsError, config, validation, grouped, valid, trials, check, checking, checkError, recheck: runCheck, launching, error, loadPresets, load, loadFile, launch, formatted };
});
