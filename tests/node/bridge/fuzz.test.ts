/**
 * ≥ 1,000 random and malformed requests against a real bridge process (real worker runner): none may get a 5xx,
 * the process must stay up, and a real job must still complete afterwards.
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { afterAll, expect, it } from "vitest";
import { LongPollResponseSchema } from "../../../bridge/src/protocol";
import { type BridgeProcess, killHard, spawnBridge } from "./bridge-process";
import { tempDir } from "./harness";
import { SMALL_REAL_JOB } from "./small-job";

const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const COUNT = 1200;
let bridge: BridgeProcess | undefined;
const dataDir = tempDir("digitlab-fuzz-");
afterAll(async () => {
	if (bridge) await killHard(bridge);
	fs.rmSync(dataDir, { recursive: true, force: true });
});

function mulberry32(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

async function runJob(base: string, body: object) {
	const res = await fetch(`${base}/api/jobs`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify(body),
	});
	expect(res.status).toBe(202);
	const { jobId } = (await res.json()) as { jobId: string };
	for (let cursor = 0; ;) {
		const page = LongPollResponseSchema.parse(
			await (await fetch(`${base}/api/jobs/${jobId}/events?cursor=${cursor}`)).json(),
		);
		cursor = page.cursor;
		if (page.status !== "running") return { jobId, status: page.status };
	}
}

it(`survives ${COUNT} random and malformed requests (seed ${SEED})`, async () => {
	bridge = await spawnBridge(dataDir);
	const base = bridge.base;
	const port = Number(new URL(base).port);
	const known = await runJob(base, SMALL_REAL_JOB);
	expect(known.status).toBe("done");

	const rand = mulberry32(SEED);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
	const junk = (n: number) =>
		Array.from({ length: n }, () => String.fromCharCode(Math.floor(rand() * 0x7f))).join("");
	const ids = [
		known.jobId,
		"00000000-0000-4000-8000-000000000000",
		"nope",
		"..%2F..%2Fetc%2Fpasswd",
		"%00",
		"%E0%A4%A",
		"a".repeat(300),
		"%2e%2e",
	];
	const paths = () =>
		pick([
			"/",
			"/api/info",
			"/api/jobs",
			"/api/models",
			`/api/jobs/${pick(ids)}`,
			`/api/jobs/${pick(ids)}/events`,
			`/api/jobs/${pick(ids)}/cancel`,
			`/api/jobs/${pick(ids)}/artifact`,
			"/api",
			"/api/",
			"/index.html",
			"/dashboard.js",
			"/../package.json",
			`/${encodeURIComponent(junk(8))}`,
		]) +
		pick([
			"",
			"",
			"?cursor=0&timeout=0",
			"?cursor=-1",
			"?cursor=abc",
			"?cursor=1e400",
			"?timeout=99999999",
			"?cursor=1&cursor=2",
			"?__proto__=1",
			`?${encodeURIComponent(junk(5))}=1`,
		]);
	const values = [
		null,
		true,
		0,
		-1,
		1.5,
		1e308,
		-1e308,
		"",
		"x",
		"NaN",
		[],
		{},
		[1, 2],
		{ a: 1 },
		2 ** 53,
		"mlp",
		"int8",
		0.001,
	];
	const fields = [
		"model",
		"hidden",
		"epochs",
		"batchSize",
		"learningRate",
		"validationSplit",
		"augment",
		"quantization",
		"seed",
		"trainSamples",
		"backend",
		"dataset",
		"__proto__",
		"constructor",
		"name",
		"filters",
	];
	const body = (): string | Buffer | undefined =>
		pick([
			() => undefined,
			() =>
				JSON.stringify(
					Object.fromEntries(
						Array.from({ length: 1 + Math.floor(rand() * 4) }, () => [pick(fields), pick(values)]),
					),
				),
			() => JSON.stringify(pick(values)),
			() => `{"epochs": ${junk(3)}`,
			() => junk(40),
			() => '{"a":'.repeat(2000),
			() => Buffer.alloc(70_000, 0x61),
			() => JSON.stringify({ hidden: Array(10_000).fill(1) }),
			() => Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
		])();
	const hosts = [
		`127.0.0.1:${port}`,
		`localhost:${port}`,
		`[::1]:${port}`,
		"evil.example",
		"",
		"127.0.0.1.evil.example",
		"localhost:99999999",
	];
	const contentTypes = [
		"application/json",
		"application/json; charset=utf-16",
		"text/plain",
		"application/x-www-form-urlencoded",
		"application/json; charset=bogus",
		undefined,
	];

	const statuses = new Map<number, number>();
	const fiveXX: string[] = [];
	const started: string[] = [];
	const record = (status: number, what: string) => {
		statuses.set(status, (statuses.get(status) ?? 0) + 1);
		if (status >= 500) fiveXX.push(`${status} ${what}`);
		if (status < 0 && process.env.FUZZ_DEBUG) console.log("no status", what);
	};

	const viaHttp = () =>
		new Promise<void>((resolve) => {
			const method = pick(["GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);
			const path = paths();
			const payload = method === "GET" || method === "HEAD" ? (rand() < 0.1 ? body() : undefined) : body();
			const headers: Record<string, string> = { host: rand() < 0.85 ? hosts[0] : pick(hosts) };
			const type = pick(contentTypes);
			if (type && payload !== undefined) headers["content-type"] = type;
			if (rand() < 0.15)
				headers.origin = pick(["https://evil.example", "null", `http://localhost:${port}`, "http://127.0.0.1"]);
			if (rand() < 0.05) headers["last-event-id"] = pick(["-5", "abc", "3", "99999999999999999999"]);
			if (rand() < 0.05) headers["content-encoding"] = pick(["gzip", "br", "identity", "bogus"]);
			// A fresh connection each time: a keep-alive socket the server closed after an unread body would read as a hang-up.
			const req = http.request(
				{ host: "127.0.0.1", port, method, path, headers, timeout: 5000, agent: false },
				(res) => {
					const chunks: Buffer[] = [];
					res.on("data", (c: Buffer) => chunks.push(c));
					res.on("end", () => {
						record(res.statusCode ?? 0, `${method} ${path}`);
						// A fuzz body that happens to be a valid config starts a job; cancel it so the run stays small.
						if (
							res.statusCode === 202 &&
							method === "POST" &&
							path.startsWith("/api/jobs?") === false &&
							path === "/api/jobs"
						) {
							const jobId = (JSON.parse(Buffer.concat(chunks).toString()) as { jobId: string }).jobId;
							started.push(jobId);
							void fetch(`${base}/api/jobs/${jobId}/cancel`, { method: "POST" });
						}
						resolve();
					});
				},
			);
			req.on("timeout", () => req.destroy());
			req.on("error", (err) => {
				if (process.env.FUZZ_DEBUG) console.log("client error", err.message, JSON.stringify(headers));
				record(-1, `${method} ${path}`);
				resolve();
			});
			req.end(payload);
		});

	const rawLines = [
		"GET / HTTP/1.1\r\n\r\n",
		"GARBAGE\r\n\r\n",
		`GET /api/info HTTP/1.0\r\n\r\n`,
		`POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"epochs":`,
		`POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
		`GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
		`GET /api/jobs/\u00ff HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
		`GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n`,
	];
	const viaSocket = () =>
		new Promise<void>((resolve) => {
			const line = pick(rawLines);
			const socket = net.connect(port, "127.0.0.1", () => socket.end(line));
			let response = "";
			socket.setTimeout(2000, () => socket.destroy());
			socket.on("data", (d) => (response += d.toString("latin1")));
			socket.on("close", () => {
				const status = Number(/^HTTP\/1\.\d (\d{3})/.exec(response)?.[1] ?? -1);
				record(status, `raw ${JSON.stringify(line.slice(0, 40))}`);
				resolve();
			});
			socket.on("error", () => undefined);
		});

	let next = 0;
	const workers = Array.from({ length: 8 }, async () => {
		while (next < COUNT) {
			next++;
			await (rand() < 0.1 ? viaSocket() : viaHttp());
		}
	});
	await Promise.all(workers);

	const total = [...statuses.values()].reduce((a, b) => a + b, 0);
	console.log(
		`fuzz seed ${SEED}: ${total} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}, jobs started by fuzz ${started.length}`,
	);
	expect(total).toBeGreaterThanOrEqual(1000);
	expect(fiveXX).toEqual([]);
	expect(bridge.child.exitCode).toBeNull();
	expect((await fetch(`${base}/api/info`)).status).toBe(200);

	// Let any job the fuzz started finish cancelling, then a real job must still complete.
	for (const id of started)
		while (((await (await fetch(`${base}/api/jobs/${id}`)).json()) as { status: string }).status === "running")
			await new Promise((r) => setTimeout(r, 50));
	const after = await runJob(base, { ...SMALL_REAL_JOB, seed: 8 });
	expect(after.status).toBe("done");
	expect(bridge.output()).not.toMatch(/internal error/);
});
