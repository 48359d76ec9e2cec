import { describe, expect, it } from 'vitest';
import { logTickLabels, linearTicks, logTicks } from '../../src-main/export/axisTicks';
import { legendLayout } from '../../src-main/export/chartLegend';
import { curveStyle, slotAt } from '../../src-main/export/chartSpecs';
import { chartSvg, type SvgSeries } from '../../src-main/export/chartSvg';

type XmlElement = { name: string; attributes: Record<string, string>; text: string };

const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
const unescape = (v: string) => v.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/**
 * A strict well-formedness check (no XML parser among our dependencies): one root, tags
 * nested and closed, attributes quoted, unique and free of `<`, only the five named
 * entities or numeric ones. Throws on anything else; returns the elements in order.
 */
function parseXml(xml: string): XmlElement[] {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const token = /<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)/y;
  const out: XmlElement[] = [];
  const open: XmlElement[] = [];
  let roots = 0;
  while (token.lastIndex < body.length) {
    const at = token.lastIndex;
    const m = token.exec(body);
    if (!m) throw new Error(`not well-formed at ${at}: ${body.slice(at, at + 40)}`);
    const [, close, name, attrs, selfClose, text] = m;
    if (text !== undefined) {
      if (ENTITY.test(text)) throw new Error(`bad entity in text at ${at}`);
      if (!open.length && text.trim()) throw new Error('text outside the root');
      if (open.length) open[open.length - 1].text += unescape(text.trim());
      continue;
    }
    if (!name) continue; // a comment
    if (close) {
      if (open.pop()?.name !== name) throw new Error(`</${name}> closes nothing open at ${at}`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attrs.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (a[1] in attributes) throw new Error(`duplicate attribute ${a[1]}`);
      const v = a[2] ?? a[3];
      if (ENTITY.test(v)) throw new Error(`bad entity in attribute ${a[1]}`);
      attributes[a[1]] = unescape(v);
    }
    if (!open.length && ++roots > 1) throw new Error('more than one root element');
    const el = { name, attributes, text: '' };
    out.push(el);
    if (!selfClose) open.push(el);
  }
  if (open.length) throw new Error(`<${open[open.length - 1].name}> never closed`);
  return out;
}

const series = (n: number): SvgSeries[] =>
  Array.from({ length: n }, (_, i) => ({
    label: `run ${i + 1} <lr=${(0.001 * (i + 1)).toFixed(3)}> & "x"`,
    color: curveStyle(slotAt(i, n)).color,
    points: Array.from({ length: 50 }, (_, s) => ({ x: s + 1, y: i === 3 ? 15 : 1 / (s + 1) + i / 1000 })),
  }));

describe('chartSvg', () => {
  it('the well-formedness check itself refuses broken XML', () => {
    expect(() => parseXml('<svg><g></svg>')).toThrow();
    expect(() => parseXml('<svg><text>a & b</text></svg>')).toThrow();
    expect(() => parseXml('<svg a="1" a="2"/>')).toThrow();
    expect(() => parseXml('<svg/><svg/>')).toThrow();
    expect(parseXml('<svg><text x="1">a &amp; b</text></svg>')[1].text).toBe('a & b');
  });

  it('is well-formed XML with a polyline group and a legend entry for every series, labels escaped', () => {
    const svg = chartSvg(series(71), { title: 'Training loss & more', xLabel: 'iteration', yLabel: 'loss' });
    const els = parseXml(svg);
    expect(els[0].name).toBe('svg');
    const groups = els.filter((e) => e.attributes['data-series'] !== undefined);
    expect(groups).toHaveLength(71);
    expect(groups[70].attributes['data-series']).toBe('run 71 <lr=0.071> & "x"');
    const legendTexts = els.filter((e) => e.name === 'text').map((e) => e.text);
    for (let i = 1; i <= 71; i++) expect(legendTexts.some((t) => t.startsWith(`run ${i} <lr=`))).toBe(true);
    expect(els.filter((e) => e.name === 'polyline')).toHaveLength(71);
  });

  it('grows to hold its legend, leaves a faint twin out of it, and clamps to a clipped y range', () => {
    const few = parseXml(chartSvg(series(3), { title: 't', xLabel: 'x', yLabel: 'y' }))[0];
    const many = parseXml(chartSvg(series(300), { title: 't', xLabel: 'x', yLabel: 'y' }))[0];
    expect(Number(many.attributes.height)).toBeGreaterThan(Number(few.attributes.height) + 300);
    const twin = { ...series(1)[0], label: 'raw', legend: false, opacity: 0.2 };
    const els = parseXml(chartSvg([...series(2), twin], { title: 't', xLabel: 'x', yLabel: 'y', yRange: { min: 0, max: 2 } }));
    expect(els.filter((e) => e.name === 'text' && e.text === 'raw')).toHaveLength(0);
    expect(els.find((e) => e.attributes['data-series'] === 'raw')!.attributes['stroke-opacity']).toBe('0.2');
  });

  it('draws a log axis with decade labels in one format', () => {
    const pts = Array.from({ length: 100 }, (_, i) => ({ x: i, y: 10 ** (-i / 25) }));
    const els = parseXml(chartSvg([{ label: 'a', color: '#000000', points: pts }], { title: 't', xLabel: 'x', yLabel: 'y', logY: true }));
    const labels = els.filter((e) => e.name === 'text' && e.attributes['text-anchor'] === 'end').map((e) => e.text);
    // Four decades (1 down to 1.1e-4): powers of ten only.
    expect(labels).toEqual(['0.001', '0.01', '0.1', '1']);
  });
});

describe('chartSvg bands', () => {
  const mean = { label: 'mean', color: '#0173B2', points: [1, 2, 3, 4].map((x) => ({ x, y: 1 })) };
  const band = (points: { x: number; low: number | null; high: number | null }[], extra = {}) => ({ kind: 'band' as const, label: 'ci', color: '#0173B2', points, ...extra });
  const polygons = (els: XmlElement[]) => els.filter((e) => e.name === 'polygon').map((e) => e.attributes.points.split(' ').map((p) => p.split(',').map(Number)));

  it('fills from the upper edge left to right and back along the lower one, under every line, out of the legend', () => {
    const els = parseXml(chartSvg([mean, band([1, 2, 3, 4].map((x) => ({ x, low: 0.5, high: 1.5 })), { opacity: 0.3 })], { title: 't', xLabel: 'x', yLabel: 'y' }));
    const [poly] = polygons(els);
    expect(poly).toHaveLength(8);
    const xs = poly.map((p) => p[0]);
    expect(xs.slice(0, 4)).toEqual([...xs.slice(0, 4)].sort((a, b) => a - b));
    expect(xs.slice(4)).toEqual([...xs.slice(0, 4)].reverse());
    // Upper edge above (smaller y on screen) the lower one.
    expect(poly[0][1]).toBeLessThan(poly[7][1]);
    const order = els.map((e) => e.attributes.class).filter(Boolean);
    expect(order.indexOf('bands')).toBeLessThan(order.indexOf('series'));
    expect(els.find((e) => e.attributes['data-band'] === 'ci')!.attributes['fill-opacity']).toBe('0.3');
    expect(els.filter((e) => e.name === 'text' && e.text === 'ci')).toHaveLength(0);
    const listed = parseXml(chartSvg([mean, band([{ x: 1, low: 0, high: 2 }, { x: 2, low: 0, high: 2 }], { legend: true })], { title: 't', xLabel: 'x', yLabel: 'y' }));
    expect(listed.filter((e) => e.name === 'text' && e.text === 'ci')).toHaveLength(1);
  });

  it('breaks where the interval is missing, draws nothing for a lone point, and widens the y range to hold the band', () => {
    const gappy = band([
      { x: 1, low: 0, high: 2 }, { x: 2, low: 0, high: 2 }, { x: 3, low: null, high: null },
      { x: 4, low: 0, high: 2 }, { x: 5, low: 0, high: 2 }, { x: 6, low: null, high: null }, { x: 7, low: 0, high: 2 },
    ]);
    const els = parseXml(chartSvg([mean, gappy], { title: 't', xLabel: 'x', yLabel: 'y' }));
    expect(polygons(els).map((p) => p.length)).toEqual([4, 4]);
    const xTicks = (integerX: boolean) =>
      parseXml(chartSvg([{ label: 'a', color: '#000000', points: [{ x: 1, y: 0 }, { x: 2, y: 1 }] }], { title: 't', xLabel: 'epoch', yLabel: 'y', integerX }))
        .filter((e) => e.name === 'text' && e.attributes['text-anchor'] === 'middle' && /^[\d.]+$/.test(e.text))
        .map((e) => e.text);
    expect(xTicks(false)).toContain('1.2');
    expect(xTicks(true)).toEqual(['1', '2']);
    const wide = parseXml(chartSvg([mean, band([{ x: 1, low: -3, high: 5 }, { x: 4, low: -3, high: 5 }])], { title: 't', xLabel: 'x', yLabel: 'y' }));
    // The band's ends are the data range: its edges lie on the plot area's top (36) and bottom (540 − 44).
    const ys = polygons(wide)[0].map((p) => p[1]);
    expect([Math.min(...ys), Math.max(...ys)]).toEqual([36, 496]);
  });
});

describe('legendLayout', () => {
  const entries = (n: number, label = (i: number) => `run ${i} lr=0.01`) => Array.from({ length: n }, (_, i) => ({ label: label(i), color: '#000000', dash: [] }));

  it('places every entry, in as many columns as fit, filled top to bottom, inside the width', () => {
    const l = legendLayout(entries(71), { width: 960 });
    expect(l.entries).toHaveLength(71);
    expect(l.columns).toBeGreaterThan(3);
    expect(l.rows).toBe(Math.ceil(71 / l.columns));
    expect(l.entries[1].x).toBe(l.entries[0].x);
    expect(l.entries[1].y).toBeGreaterThan(l.entries[0].y);
    expect(l.entries[l.rows].x).toBeGreaterThan(l.entries[0].x);
    for (const e of l.entries) expect(e.x + l.columnWidth).toBeLessThanOrEqual(960);
    const positions = new Set(l.entries.map((e) => `${e.x},${e.y}`));
    expect(positions.size).toBe(71);
    expect(l.height).toBeGreaterThanOrEqual(l.rows * l.rowHeight);
  });

  it('shortens labels too long for a column, and one column when they are all long', () => {
    const l = legendLayout(entries(5, (i) => `run ${i} ${'x'.repeat(200)}`), { width: 400 });
    expect(l.columns).toBe(1);
    for (const e of l.entries) expect(e.text.endsWith('…')).toBe(true);
    expect(legendLayout([], { width: 960 }).height).toBe(0);
  });
});

describe('axis ticks', () => {
  it('labels a log axis with 1-2-5 or decades only, never mixing formats', () => {
    const ticks = logTicks(0.001, 1);
    expect(ticks.slice(0, 3)).toEqual([0.001, 0.002, 0.005]);
    const labels = logTickLabels(ticks);
    // Three decades: 1 and 5 times powers of ten.
    expect(labels.filter(Boolean)).toEqual(['0.001', '0.005', '0.01', '0.05', '0.1', '0.5', '1']);
    const wide = logTickLabels(logTicks(1e-7, 10));
    expect(wide.filter(Boolean)).toEqual(['1e-7', '1e-6', '1e-5', '1e-4', '1e-3', '1e-2', '1e-1', '1e0', '1e1']);
    // Chart.js hands 1..9 × 10^k: only the labelled ones get text.
    expect(logTickLabels([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])).toEqual(['0.1', '0.2', '', '', '0.5', '', '', '', '', '1']);
  });

  it('round linear ticks covering the range', () => {
    expect(linearTicks(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linearTicks(0.31, 0.93, 6)).toEqual([0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(linearTicks(0, 1000, 10)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });
});
