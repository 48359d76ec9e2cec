/**
 * Data sets: what is installed, samples of one, and the Fashion-MNIST download, whose
 * progress (one entry per file, bytes received of total) comes from 'dataset-progress'
 * events. The contract has no way to cancel a download, so there is none here.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { useApi } from '../api/client';
import { useApiEvent } from '../composables/useApiEvent';
import type { ApiError, ApiEvents, DatasetInfo, DatasetSamples, Req } from '../shared';

export type FileProgress = Pick<ApiEvents['dataset-progress'], 'file' | 'received' | 'total'> & { done: boolean };

export const useDatasetsStore = defineStore('datasets', () => {
  const api = useApi();
  const list = ref<DatasetInfo[]>([]);
  const loading = ref(false);
  const error = ref<ApiError | null>(null);
  const samples = ref<DatasetSamples | null>(null);
  const samplesLoading = ref(false);
  const samplesError = ref<ApiError | null>(null);
  const downloading = ref(false);
  const downloadFiles = ref<FileProgress[]>([]);
  const downloadError = ref<string | null>(null);
  const byName = computed(() => new Map(list.value.map((d) => [d.name, d])));
  let samplesSeq = 0;

  async function refresh(): Promise<void> {
    loading.value = true;
    const r = await api.call('listDatasets', undefined);
    loading.value = false;
    error.value = r.ok ? null : r.error;
    if (r.ok) list.value = r.data;
  }

  /** Loads samples; a slower earlier request never overwrites a later one. */
  async function loadSamples(req: Req<'datasetSamples'>): Promise<void> {
    const seq = ++samplesSeq;
    samplesLoading.value = true;
    const r = await api.call('datasetSamples', req);
    if (seq !== samplesSeq) return;
    samplesLoading.value = false;
    samplesError.value = r.ok ? null : r.error;
    samples.value = r.ok ? r.data : null;
  }

  useApiEvent('dataset-progress', (p) => {
    downloading.value = !p.done;
    if (p.error) downloadError.value = p.error;
    if (!p.file) return;
    const entry: FileProgress = { file: p.file, received: p.received, total: p.total, done: p.done || (p.total !== null && p.received >= p.total) };
    const files = downloadFiles.value.slice(0, Math.max(p.files, p.fileIndex + 1));
    files[p.fileIndex] = entry;
    downloadFiles.value = Array.from(files, (f, i) => f ?? { file: `file ${i + 1}`, received: 0, total: null, done: false });
  });

  async function download(): Promise<boolean> {
    [downloading.value, downloadError.value, downloadFiles.value] = [true, null, []];
    const r = await api.call('fetchDataset', { name: 'fashion-mnist' });
    downloading.value = false;
    if (!r.ok) downloadError.value = r.error.message;
    await refresh();
    return r.ok;
  }

  return { list, loading, error, byName, refresh, samples, samplesLoading, samplesError, loadSamples, downloading, downloadFiles, downloadError, download };
});
