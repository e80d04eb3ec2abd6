/** The dashboard in headless Chromium during a short real job: curves, progress and confusion matrix render. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, expect, it } from "vitest";
import { createWorkerRunner } from "../../../bridge/src/worker-runner";
import { makeHarness, tempDir } from "./harness";
import { SMALL_REAL_JOB } from "./small-job";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = fileURLToPath(new URL("../../../build/dashboard.png", import.meta.url));
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium)
	console.warn(`dashboard test skipped: ${CHROMIUM} not found. Install it with: sudo apt-get install chromium`);

let browser: BrowserContext | undefined;
const profile = tempDir("digitlab-chromium-");
const harness = await makeHarness(createWorkerRunner(), undefined, { batchThrottleMs: 30 });
afterAll(async () => {
	await browser?.close();
	await harness.close();
	fs.rmSync(profile, { recursive: true, force: true });
});

/**
 * Just enough of the DOM for the page-side functions below: the Node type-check has no DOM library, and string
 * expressions are not an option because the dashboard's CSP forbids eval.
 */
interface PageElement {
	textContent: string;
	width: number;
	height: number;
	getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
type PageGlobal = { document: { getElementById(id: string): PageElement } };

/** Pixels in the canvas close to `rgb`: a drawn curve has hundreds, an empty chart none. */
function countPixels([id, rgb]: [string, number[]]) {
	const canvas = (globalThis as unknown as PageGlobal).document.getElementById(id);
	const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
	let n = 0;
	for (let i = 0; i < data.length; i += 4)
		if (
			Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1]) + Math.abs(data[i + 2] - rgb[2]) < 40 &&
			data[i + 3] > 200
		)
			n++;
	return n;
}
const TRAIN_BLUE = [0x3a, 0x96, 0xdd];
const VAL_ORANGE = [0xe3, 0xa3, 0x3b];

it.skipIf(!hasChromium)("renders live curves, progress and the confusion matrix from the SSE stream", async () => {
	const base = await harness.listen();
	// A persistent context is how playwright takes a fresh --user-data-dir.
	browser = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: [
			"--headless",
			"--no-sandbox",
			"--disable-gpu",
			"--disable-quic",
			"--no-first-run",
			"--disable-background-networking",
			"--disable-component-update",
			"--disable-sync",
		],
		viewport: { width: 1040, height: 900 },
	});
	const page = await browser.newPage();
	const problems: string[] = [];
	page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
	page.on("pageerror", (e) => problems.push(e.message));
	await page.goto(`${base}/`);
	await page.waitForFunction(() =>
		(globalThis as unknown as PageGlobal).document.getElementById("info").textContent.includes("protocol"),
	);

	const res = await fetch(`${base}/api/jobs`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({
			...SMALL_REAL_JOB,
			epochs: 4,
			trainSamples: 30000,
			batchSize: 64,
			name: "dashboard-demo",
		}),
	});
	expect(res.status).toBe(202);

	// Mid-job: batches have arrived and the training curve is on the canvas.
	// The page notices a new job within a second (it polls /api/info); the job is sized to train for a few seconds.
	await page.waitForFunction(
		() => /^Epoch \d/.test((globalThis as unknown as PageGlobal).document.getElementById("job-detail").textContent),
		undefined,
		{ timeout: 60_000 },
	);
	expect(await page.evaluate(countPixels, ["loss-chart", TRAIN_BLUE] as [string, number[]])).toBeGreaterThan(20);

	await page.waitForFunction(
		() =>
			(globalThis as unknown as PageGlobal).document.getElementById("job-status").textContent.startsWith("Done"),
		undefined,
		{ timeout: 120_000 },
	);
	await page.waitForSelector("#models td:has-text('dashboard-demo')");
	expect(await page.isVisible("#confusion")).toBe(true);
	for (const chart of ["loss-chart", "accuracy-chart"]) {
		expect(await page.evaluate(countPixels, [chart, TRAIN_BLUE] as [string, number[]]), chart).toBeGreaterThan(100);
		expect(await page.evaluate(countPixels, [chart, VAL_ORANGE] as [string, number[]]), chart).toBeGreaterThan(10);
	}
	expect(await page.getAttribute(".progress", "aria-valuenow")).toBe("100");
	expect(await page.textContent("#test-accuracy")).toMatch(/test accuracy \d+\.\d\d%/);
	fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
	await page.screenshot({ path: SCREENSHOT, fullPage: true });
	expect(problems).toEqual([]);
});
