// Real headless Chromium (Debian's) through playwright-core, plus axe-core injected into pages.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch(): Promise<{ browser: Browser; context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'loralab-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1360, height: 900 },
    acceptDownloads: true,
  });
  return {
    browser: context.browser()!,
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export const screenshotDir = resolve(__dirname, '../../../../test-output/dashboard');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Serious and critical axe-core violations of the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations;
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export interface SeriesInfo {
  name: string;
  type: string;
  points: number;
  /** Its colour as ECharts resolved it (`#rrggbb`), null for a gradient or pattern. */
  color: string | null;
}

/**
 * How many pixels of the chart's canvas, below `topCssPx` (where the legend ends: its icons carry
 * every series' colour), are within `tolerance` (per channel) of `color` (`#rgb`, `#rrggbb`). A series
 * that draws nothing (a one-point line without a symbol) has none.
 */
export async function pixelsOfColor(chart: Locator, color: string, topCssPx: number, tolerance = 16): Promise<number> {
  const hex = /^#[0-9a-f]{3}$/i.test(color) ? `#${[...color.slice(1)].map((c) => c + c).join('')}` : color;
  if (!/^#[0-9a-f]{6}$/i.test(hex)) throw new Error(`pixelsOfColor takes #rgb or #rrggbb, not ${color}`);
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return chart.locator('canvas').first().evaluate(
    (c: HTMLCanvasElement, { rgb, topCssPx, tolerance }) => {
      const top = Math.ceil(topCssPx * (c.height / c.clientHeight));
      const { data } = c.getContext('2d')!.getImageData(0, top, c.width, c.height - top);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 200 && Math.abs(data[i] - rgb[0]) <= tolerance && Math.abs(data[i + 1] - rgb[1]) <= tolerance && Math.abs(data[i + 2] - rgb[2]) <= tolerance) n++;
      }
      return n;
    },
    { rgb, topCssPx, tolerance },
  );
}

/** The series an ECharts chart holds (EChart writes them to data-series), once it has painted pixels into its canvas. */
export async function drawnSeries(chart: Locator): Promise<SeriesInfo[]> {
  await chart.locator('canvas').first().waitFor();
  // Painted pixels, not just a canvas: the dev server's charts had canvases of nothing.
  await expect
    .poll(() =>
      chart.locator('canvas').first().evaluate((c: HTMLCanvasElement) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        return painted;
      }),
    )
    .toBeGreaterThan(1000);
  return JSON.parse((await chart.getAttribute('data-series')) ?? '[]') as SeriesInfo[];
}
