/**
 * Writes a sample of every request, response and event of the wire contract (bridge/src/protocol.ts) into
 * tests/fixtures/wire/, where tests/lune/plugin/wire.spec.luau decodes each through the compiled plugin, plus
 * defaults.json: the job defaults, caps and port the plugin must have built in. The files are committed; a schema
 * change shows here as a mismatch: review it, run `npx vitest run tests/node/bridge/wire-fixtures.test.ts -u` to rewrite
 * them, and the Lune spec then says whether the plugin still reads them.
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
	ArtifactResponseSchema,
	BRIDGE_CAPS,
	CancelledEventSchema,
	DEFAULT_PORT,
	DoneEventSchema,
	ErrorResponseSchema,
	FailedEventSchema,
	FALLBACK_CAPS,
	InfoResponseSchema,
	JOB_DEFAULTS,
	JobCreatedSchema,
	JobEventSchema,
	JobListSchema,
	JobRecordSchema,
	JobRequestSchema,
	LongPollResponseSchema,
	ModelListSchema,
	PROTOCOL_VERSION,
	SERVER_NAME,
} from "../../../bridge/src/protocol";
import { TrainingEventSchema } from "../../../bridge/src/training-api";
import { SAMPLE_TIME, sampleOf } from "./wire-samples";

const fixture = (name: string, value: unknown) =>
	expect(JSON.stringify(value, null, "\t") + "\n").toMatchFileSnapshot(`../../fixtures/wire/${name}.json`);

const EVENT_VARIANTS: z.ZodType[] = [
	...TrainingEventSchema.options,
	DoneEventSchema,
	FailedEventSchema,
	CancelledEventSchema,
];

/** One sample per event kind, numbered as a job's queue numbers them. */
const events = EVENT_VARIANTS.map((variant, i) =>
	JobEventSchema.parse({ cursor: i + 1, at: SAMPLE_TIME, ...(sampleOf(variant) as object) }),
);

const RESPONSES: Record<string, z.ZodType> = {
	info: InfoResponseSchema,
	"job-created": JobCreatedSchema,
	"job-record": JobRecordSchema,
	"job-list": JobListSchema,
	artifact: ArtifactResponseSchema,
	"model-list": ModelListSchema,
	error: ErrorResponseSchema,
};

describe("wire fixtures", () => {
	it("writes a request sample that the bridge accepts", async () => {
		// Within the bridge's caps on every machine (one worker: every machine has a core).
		const request = sampleOf(JobRequestSchema, (r) => {
			r.epochs = Math.min(r.epochs as number, BRIDGE_CAPS.maxEpochs);
			r.batchSize = Math.min(r.batchSize as number, BRIDGE_CAPS.maxBatchSize);
			r.workers = 1;
		}) as Record<string, unknown>;
		// Every field a request may carry, optional ones included: the plugin's request fields are checked against these.
		expect(Object.keys(request).sort()).toEqual(Object.keys(JobRequestSchema.shape).sort());
		await fixture("job-request", request);
	});

	it("writes one sample per event kind, and a long-poll answer carrying all of them", async () => {
		expect(new Set(events.map((e) => e.type)).size).toBe(EVENT_VARIANTS.length);
		for (const event of events) await fixture(`event-${event.type}`, event);
		const poll = LongPollResponseSchema.parse({
			...(sampleOf(LongPollResponseSchema) as object),
			cursor: events.length,
			events,
		});
		await fixture("long-poll", poll);
	});

	it("writes a sample of every response", async () => {
		for (const [name, schema] of Object.entries(RESPONSES)) await fixture(name, sampleOf(schema));
	});

	it("writes the defaults, caps and port a plugin assumes before it has asked a bridge", async () => {
		const info = InfoResponseSchema.parse({
			...(sampleOf(InfoResponseSchema) as object),
			caps: FALLBACK_CAPS,
			defaults: JOB_DEFAULTS,
		});
		await fixture("defaults", {
			serverName: SERVER_NAME,
			protocolVersion: PROTOCOL_VERSION,
			port: DEFAULT_PORT,
			caps: info.caps,
			job: info.defaults,
		});
	});
});
