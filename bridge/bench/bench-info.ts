// `npm run bench:bridge`: GET /api/info latency while a training job runs vs idle, same process, same run.
// Target: busy p99 within 2× idle p99 and under 50 ms (training runs in a worker thread, off the HTTP loop).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startBridge } from "../src/server";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 2000);
// Requests are paced like a polling client (the plugin polls, it does not hammer), so each window spans several
// seconds of the job (many batch events, an epoch boundary) instead of a fraction of a second.
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(url: string): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		http.get(url, { agent }, (res) => {
			let body = "";
			res.on("data", (d) => (body += d));
			res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
		}).on("error", reject);
	});
}

async function measure(url: string, n: number) {
	const times: number[] = [];
	for (let i = 0; i < n; i++) {
		const start = performance.now();
		const res = await get(url);
		times.push(performance.now() - start);
		if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
		if (PACE_MS > 0) await new Promise((resolve) => setTimeout(resolve, PACE_MS));
	}
	times.sort((a, b) => a - b);
	const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
	return { p50: q(0.5), p99: q(0.99), max: times.at(-1)! };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "digitlab-bench-"));
const bridge = await startBridge({ port: 0, dataDir, log: () => {} });
const info = `${bridge.url}/api/info`;
try {
	await measure(info, 200); // warm-up
	const idle = await measure(info, SAMPLES);

	// Large enough to keep training for the whole measurement on this machine.
	const post = await fetch(`${bridge.url}/api/jobs`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ epochs: 20, hidden: [256], trainSamples: 60000, batchSize: 128, patience: 0 }),
	});
	const { jobId } = (await post.json()) as { jobId: string };
	for (let cursor = 0, training = false; !training; ) {
		const page = JSON.parse((await get(`${bridge.url}/api/jobs/${jobId}/events?cursor=${cursor}`)).body) as { cursor: number; events: { type: string }[] };
		training = page.events.some((e) => e.type === "batch");
		cursor = page.cursor;
	}
	const busy = await measure(info, SAMPLES);
	const status = JSON.parse((await get(`${bridge.url}/api/jobs/${jobId}`)).body).status as string;
	await fetch(`${bridge.url}/api/jobs/${jobId}/cancel`, { method: "POST" });

	const ratio = busy.p99 / idle.p99;
	const fmt = (s: { p50: number; p99: number; max: number }) => `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`;
	console.log(`GET /api/info, ${SAMPLES} sequential requests each, one every ~${PACE_MS} ms (keep-alive), ${os.cpus().length} cores`);
	console.log(`  idle:          ${fmt(idle)}`);
	console.log(`  training job:  ${fmt(busy)}   (job still ${status} at the end)`);
	console.log(`  p99 ratio busy/idle: ${ratio.toFixed(2)}×   target ≤ 2× and busy p99 < 50 ms: ${ratio <= 2 && busy.p99 < 50 ? "met" : "NOT met"}`);
	if (status !== "running") console.log("  note: the job ended before the measurement did; the busy figure is partly idle");
} finally {
	await bridge.close();
	agent.destroy();
	fs.rmSync(dataDir, { recursive: true, force: true });
}
