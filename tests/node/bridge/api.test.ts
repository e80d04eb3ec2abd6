import os from "node:os";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
	ArtifactResponseSchema,
	ErrorResponseSchema,
	InfoResponseSchema,
	JobRecordSchema,
	ModelListSchema,
	PROTOCOL_VERSION,
} from "../../../bridge/src/protocol";
import { createFakeRunner } from "./fake-runner";
import { makeHarness, waitForFinish } from "./harness";

type Harness = Awaited<ReturnType<typeof makeHarness>>;
let h: Harness;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const small = { epochs: 1, hidden: [8], trainSamples: 1000 };

beforeEach(async () => {
	h = await makeHarness(createFakeRunner({ stepMs: 2 }));
});
afterEach(async () => h.close());

function expectError(res: request.Response, status: number, kind: string) {
	expect(res.status, JSON.stringify(res.body)).toBe(status);
	const body = ErrorResponseSchema.parse(res.body);
	expect(body.kind).toBe(kind);
	expect(body.message.length).toBeGreaterThan(10);
	return body;
}
const fields = (res: request.Response) => (res.body.details as { path: string }[]).map((d) => d.path);

describe("GET /api/info", () => {
	it("answers the handshake", async () => {
		const res = await request(h.app).get("/api/info").set("Host", "127.0.0.1:34873");
		expect(res.status).toBe(200);
		const info = InfoResponseSchema.parse(res.body);
		expect(info.protocolVersion).toBe(PROTOCOL_VERSION);
		expect(info.activeJobId).toBeNull();
		// The default job draws 8% of its samples as two digits side by side (an 11-output model).
		expect(info.defaults.pairs).toBe(0.08);
		// The plugin's "CPU cores to use" field offers 1..maxWorkers; a job without `workers` uses them all.
		expect(info.caps.maxWorkers).toBe(os.availableParallelism());
		const again = await request(h.app).get("/api/info").set("Host", "localhost");
		expect(again.body.sessionId).toBe(info.sessionId);
		expect(res.headers["access-control-allow-origin"]).toBeUndefined();
	});
	it("refuses unknown query parameters", async () => {
		expectError(await request(h.app).get("/api/info?x=1").set("Host", "localhost"), 400, "invalid_request");
	});
});

describe("loopback guard", () => {
	it("refuses a foreign Host (DNS rebinding)", async () => {
		expectError(await request(h.app).get("/api/info").set("Host", "evil.example"), 403, "forbidden_host");
		expectError(await request(h.app).get("/").set("Host", "evil.example:34873"), 403, "forbidden_host");
		expectError(await request(h.app).get("/api/info").set("Host", "127.0.0.1.evil.example"), 403, "forbidden_host");
	});
	it("refuses a foreign Origin, allows loopback ones", async () => {
		expectError(
			await request(h.app).get("/api/info").set("Host", "localhost").set("Origin", "https://evil.example"),
			403,
			"forbidden_origin",
		);
		expectError(
			await request(h.app).post("/api/jobs").set("Host", "localhost").set("Origin", "null").send(small),
			403,
			"forbidden_origin",
		);
		for (const origin of ["http://localhost:3000", "http://127.0.0.1", "http://[::1]:8080"]) {
			const res = await request(h.app).get("/api/info").set("Host", "[::1]:34873").set("Origin", origin);
			expect(res.status).toBe(200);
			expect(res.headers["access-control-allow-origin"]).toBeUndefined();
		}
		expect(h.jobs.list()).toHaveLength(0);
	});
	it("answers no CORS preflight", async () => {
		const res = await request(h.app)
			.options("/api/jobs")
			.set("Host", "localhost")
			.set("Origin", "http://localhost:1");
		expectError(res, 405, "method_not_allowed");
		expect(res.headers["access-control-allow-origin"]).toBeUndefined();
		expect(res.headers["access-control-allow-methods"]).toBeUndefined();
	});
});

describe("POST /api/jobs validation", () => {
	const post = () => request(h.app).post("/api/jobs").set("Host", "localhost");
	it("rejects malformed JSON", async () => {
		expectError(await post().set("Content-Type", "application/json").send('{"epochs": 1,'), 400, "bad_json");
		expectError(await post().set("Content-Type", "application/json").send('"just a string"'), 400, "bad_json");
	});
	it("lists every field with a wrong type or value out of range", async () => {
		const res = await post().send({
			epochs: "3",
			hidden: [0, 99999],
			batchSize: -1,
			learningRate: 5,
			model: "rnn",
			augment: "yes",
		});
		expectError(res, 400, "invalid_request");
		expect(fields(res)).toEqual(
			expect.arrayContaining(["epochs", "hidden.0", "hidden.1", "batchSize", "learningRate", "model", "augment"]),
		);
	});
	it("applies the bridge's caps and refuses paths and unknown fields", async () => {
		const capped = await post().send({ epochs: 90, batchSize: 2048, hidden: [1024, 1024, 1024, 1024] });
		expectError(capped, 400, "invalid_request");
		expect(fields(capped)).toEqual(expect.arrayContaining(["epochs", "batchSize"]));
		const paths = await post().send({
			dataset: { images: "/etc/passwd", labels: "a", testImages: "b", testLabels: "c" },
		});
		expectError(paths, 400, "invalid_request");
		expect(fields(paths)).toContain("");
		expect(JSON.stringify(paths.body.details)).toContain("dataset");
		expectError(await post().send([small]), 400, "invalid_request");
		expectError(await post().send({ ...small, trainSamples: 1e9 }), 400, "invalid_request");
		const cores = os.availableParallelism();
		const tooMany = await post().send({ ...small, workers: cores + 1 });
		expectError(tooMany, 400, "invalid_request");
		expect(fields(tooMany)).toEqual(["workers"]);
		expectError(await post().send({ ...small, workers: 0 }), 400, "invalid_request");
		const pairs = expectError(await post().send({ ...small, pairs: 0.9 }), 400, "invalid_request");
		expect(pairs.details).toEqual([
			expect.objectContaining({ path: "pairs", message: expect.stringContaining("at most 0.5") }),
		]);
	});
	it("rejects oversized bodies with 413 and non-JSON bodies with 415", async () => {
		expectError(await post().send({ ...small, name: "x".repeat(70_000) }), 413, "payload_too_large");
		expectError(await post().set("Content-Type", "text/plain").send("epochs=1"), 415, "unsupported_media_type");
		expect(h.jobs.list()).toHaveLength(0);
	});
});

describe("jobs", () => {
	it("runs a job to a downloadable model; a second job meanwhile gets 409 naming the first", async () => {
		const created = await request(h.app)
			.post("/api/jobs")
			.set("Host", "localhost")
			.send({ ...small, epochs: 2, name: "first" });
		expect(created.status).toBe(202);
		const { jobId } = created.body as { jobId: string };
		const busy = await request(h.app).post("/api/jobs").set("Host", "localhost").send(small);
		expect(expectError(busy, 409, "job_running").details).toEqual({ jobId });
		expectError(
			await request(h.app).get(`/api/jobs/${jobId}/artifact`).set("Host", "localhost"),
			409,
			"artifact_not_ready",
		);
		expect((await request(h.app).get("/api/info").set("Host", "localhost")).body.activeJobId).toBe(jobId);

		await waitForFinish(h.jobs, jobId);
		const job = JobRecordSchema.parse(
			(await request(h.app).get(`/api/jobs/${jobId}`).set("Host", "localhost")).body,
		);
		expect(job).toMatchObject({
			id: jobId,
			status: "done",
			testAccuracy: 0.9,
			model: { name: "first", modules: 3 },
		});
		expect(job.progress?.fraction).toBe(1);
		const artifact = ArtifactResponseSchema.parse(
			(await request(h.app).get(`/api/jobs/${jobId}/artifact`).set("Host", "localhost")).body,
		);
		expect(artifact.modules.map((m) => m.name)).toEqual(["Manifest", "Shard1", "Golden"]);
		expectError(
			await request(h.app).post(`/api/jobs/${jobId}/cancel`).set("Host", "localhost"),
			409,
			"job_not_running",
		);

		const second = await request(h.app)
			.post("/api/jobs")
			.set("Host", "localhost")
			.send({ ...small, name: "second" });
		expect(second.status).toBe(202);
		await waitForFinish(h.jobs, second.body.jobId);
		const models = ModelListSchema.parse(
			(await request(h.app).get("/api/models").set("Host", "localhost")).body,
		).models;
		expect(models.map((m) => m.name)).toEqual(["second", "first"]);
		const list = (await request(h.app).get("/api/jobs").set("Host", "localhost")).body.jobs as { id: string }[];
		expect(list.map((j) => j.id)).toEqual([second.body.jobId, jobId]);
	});
	it("cancels a running job", async () => {
		const { jobId } = (
			await request(h.app)
				.post("/api/jobs")
				.set("Host", "localhost")
				.send({ ...small, epochs: 50 })
		).body;
		const res = await request(h.app).post(`/api/jobs/${jobId}/cancel`).set("Host", "localhost");
		expect(res.status).toBe(202);
		expect((await waitForFinish(h.jobs, jobId)).status).toBe("cancelled");
		expect(h.jobs.eventsAfter(jobId, 0).at(-1)?.type).toBe("cancelled");
		expectError(
			await request(h.app).get(`/api/jobs/${jobId}/artifact`).set("Host", "localhost"),
			409,
			"artifact_not_ready",
		);
	});
	it("reports a failing trainer as a failed job", async () => {
		await h.close();
		h = await makeHarness(createFakeRunner({ failWith: "out of ideas" }));
		const { jobId } = (await request(h.app).post("/api/jobs").set("Host", "localhost").send(small)).body;
		const job = await waitForFinish(h.jobs, jobId);
		expect(job).toMatchObject({ status: "failed", error: { reason: "error", message: "out of ideas" } });
	});
	it("validates ids and knows unknown ones", async () => {
		for (const path of ["", "/events", "/artifact"]) {
			expectError(
				await request(h.app).get(`/api/jobs/${UNKNOWN}${path}`).set("Host", "localhost"),
				404,
				"job_not_found",
			);
			const bad = await request(h.app).get(`/api/jobs/..%2F..%2Fetc${path}`).set("Host", "localhost");
			expectError(bad, 400, "invalid_request");
			expect(fields(bad)).toEqual(["id"]);
		}
		expectError(
			await request(h.app).post(`/api/jobs/${UNKNOWN}/cancel`).set("Host", "localhost"),
			404,
			"job_not_found",
		);
		expectError(
			await request(h.app).post("/api/jobs/nope/cancel").set("Host", "localhost"),
			400,
			"invalid_request",
		);
		expectError(
			await request(h.app).get(`/api/jobs/${UNKNOWN}/events?cursor=-1`).set("Host", "localhost"),
			400,
			"invalid_request",
		);
		expectError(
			await request(h.app).get(`/api/jobs/${UNKNOWN}/events?cursor=abc&timeout=1`).set("Host", "localhost"),
			400,
			"invalid_request",
		);
		expectError(await request(h.app).get("/api/jobs/%E0%A4%A").set("Host", "localhost"), 400, "invalid_request");
	});
	it("answers unknown routes and methods with JSON errors", async () => {
		expectError(await request(h.app).get("/api/nothing").set("Host", "localhost"), 404, "not_found");
		expectError(await request(h.app).delete("/api/jobs").set("Host", "localhost"), 404, "not_found");
		expectError(await request(h.app).put("/index.html").set("Host", "localhost"), 405, "method_not_allowed");
		expectError(await request(h.app).get("/../../package.json").set("Host", "localhost"), 404, "not_found");
	});
});

describe("dashboard files", () => {
	it("serves the page with a restrictive CSP", async () => {
		const res = await request(h.app).get("/").set("Host", "localhost");
		expect(res.status).toBe(200);
		expect(res.headers["content-type"]).toContain("text/html");
		expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
	});
});
