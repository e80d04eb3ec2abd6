/**
 * The bridge's wire contract: every request, response and event shape, the job defaults, the caps, the port and
 * PROTOCOL_VERSION. The plugin mirrors it in plugin/src/protocol.ts (roblox-ts); tests/node/bridge/wire-fixtures.test.ts
 * writes a sample of every shape from these schemas into tests/fixtures/wire/, and tests/lune/plugin/wire.spec.luau
 * decodes each through the compiled plugin. Bump PROTOCOL_VERSION on any incompatible change; docs/bridge-api.md
 * describes the endpoints.
 */
import os from "node:os";
import { z } from "zod";
import { LEARNING_RATE_RANGE, MAX_WORKERS, TrainingConfigSchema, TrainingEventSchema } from "./training-api";

export const PROTOCOL_VERSION = 1;
export const SERVER_NAME = "digitlab-bridge";

/** Rojo uses 34872; Studio refuses ports below 1024 (except 80/443) and 1194. */
export const DEFAULT_PORT = 34873;

/**
 * What this bridge accepts, sent in `/api/info` so the plugin's form checks the same limits. Stricter than the
 * trainer's own limits: a request must never be able to exhaust this machine's memory.
 */
export const BRIDGE_CAPS = {
	maxEpochs: 50,
	maxHiddenLayers: 4,
	maxHiddenUnits: 1024,
	maxBatchSize: 1024,
	maxTrainSamples: 60000,
	/** Training worker threads: one per core at most (more only slows every thread down). */
	maxWorkers: os.availableParallelism(),
	minLearningRate: LEARNING_RATE_RANGE.min,
	maxLearningRate: LEARNING_RATE_RANGE.max,
} as const;

/**
 * The caps a client assumes before it has asked a bridge (an older bridge sends none): the bridge's, with the
 * trainer's worker limit in place of this machine's core count. The plugin's built-in LIMITS equal these.
 */
export const FALLBACK_CAPS = { ...BRIDGE_CAPS, maxWorkers: MAX_WORKERS } as const;

export const JobIdSchema = z.uuid({ message: "must be a job id (a UUID)" });
export const JobIdParamsSchema = z.object({ id: JobIdSchema }).strict();
export const NoQuerySchema = z.object({}).strict();

/**
 * The job request: the trainer's config without `dataset` (a filesystem path must never come from a request),
 * strict about unknown fields, and capped.
 */
export const JobRequestSchema = TrainingConfigSchema.omit({ dataset: true })
	.strict()
	.superRefine((config, ctx) => {
		const cap = (ok: boolean, path: (string | number)[], message: string) => {
			if (!ok) ctx.addIssue({ code: "custom", path, message });
		};
		cap(config.epochs <= BRIDGE_CAPS.maxEpochs, ["epochs"], `at most ${BRIDGE_CAPS.maxEpochs} through the bridge`);
		cap(
			config.hidden.length <= BRIDGE_CAPS.maxHiddenLayers,
			["hidden"],
			`at most ${BRIDGE_CAPS.maxHiddenLayers} layers`,
		);
		config.hidden.forEach((units, i) =>
			cap(units <= BRIDGE_CAPS.maxHiddenUnits, ["hidden", i], `at most ${BRIDGE_CAPS.maxHiddenUnits} units`),
		);
		cap(config.batchSize <= BRIDGE_CAPS.maxBatchSize, ["batchSize"], `at most ${BRIDGE_CAPS.maxBatchSize}`);
		cap(
			config.workers === undefined || config.workers <= BRIDGE_CAPS.maxWorkers,
			["workers"],
			`at most ${BRIDGE_CAPS.maxWorkers} (the cores of this machine); leave it out to use every core`,
		);
		cap(
			config.trainSamples === undefined || config.trainSamples <= BRIDGE_CAPS.maxTrainSamples,
			["trainSamples"],
			`at most ${BRIDGE_CAPS.maxTrainSamples}`,
		);
	});
export type JobRequest = z.infer<typeof JobRequestSchema>;

/** The default job (an empty request), sent in `/api/info` so the plugin's form starts from the trainer's defaults. */
export const JOB_DEFAULTS: JobRequest = JobRequestSchema.parse({});

/** `cursor` is the last event the client has seen (0 = none); `timeout` caps the long-poll wait in ms. */
export const EventsQuerySchema = z
	.object({
		cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
		timeout: z.coerce.number().int().min(0).max(30_000).optional(),
	})
	.strict();
export const LONG_POLL_DEFAULT_MS = 20_000;

export const InfoResponseSchema = z.object({
	name: z.literal(SERVER_NAME),
	version: z.string(),
	protocolVersion: z.number().int(),
	sessionId: z.uuid(),
	backend: z.string(),
	/** Why tfjs-node (or another backend) is not in use: "tfjs-node: not installed (…)" or its load error. */
	backendNotes: z.array(z.string()),
	activeJobId: JobIdSchema.nullable(),
	caps: z.object({
		maxEpochs: z.number(),
		maxHiddenLayers: z.number(),
		maxHiddenUnits: z.number(),
		maxBatchSize: z.number(),
		maxTrainSamples: z.number(),
		maxWorkers: z.number(),
		minLearningRate: z.number(),
		maxLearningRate: z.number(),
	}),
	/** The default job; a request leaving a field out gets this value. */
	defaults: TrainingConfigSchema.omit({ dataset: true }),
});
export type InfoResponse = z.infer<typeof InfoResponseSchema>;

export const JobCreatedSchema = z.object({ jobId: JobIdSchema });

export const JobStatusSchema = z.enum(["running", "done", "failed", "cancelled"]);
export type JobStatus = z.infer<typeof JobStatusSchema>;
export const FailureReasonSchema = z.enum(["error", "interrupted", "worker_exit"]);

export const DoneEventSchema = z.object({
	type: z.literal("done"),
	modelId: JobIdSchema,
	name: z.string(),
	testAccuracy: z.number().nullable(),
	modules: z.number().int(),
	chars: z.number().int(),
	seconds: z.number(),
});
export const FailedEventSchema = z.object({
	type: z.literal("failed"),
	reason: FailureReasonSchema,
	message: z.string(),
});
export const CancelledEventSchema = z.object({ type: z.literal("cancelled") });

export const JobEventBodySchema = z.union([
	TrainingEventSchema,
	DoneEventSchema,
	FailedEventSchema,
	CancelledEventSchema,
]);
export type JobEventBody = z.infer<typeof JobEventBodySchema>;
/** Every event carries its position in the job's queue; cursors start at 1 and only grow. */
export const JobEventSchema = z.intersection(
	z.object({ cursor: z.number().int().positive(), at: z.iso.datetime() }),
	JobEventBodySchema,
);
export type JobEvent = z.infer<typeof JobEventSchema>;
export const TERMINAL_EVENT_TYPES = ["done", "failed", "cancelled"] as const;

export const ProgressSchema = z.object({
	epoch: z.number(),
	epochs: z.number(),
	batch: z.number(),
	batches: z.number(),
	/** 0..1 over the whole job. */
	fraction: z.number(),
});

export const JobRecordSchema = z.object({
	id: JobIdSchema,
	status: JobStatusSchema,
	config: z.record(z.string(), z.unknown()),
	createdAt: z.iso.datetime(),
	finishedAt: z.iso.datetime().nullable(),
	backend: z.string().nullable(),
	cursor: z.number().int().min(0),
	progress: ProgressSchema.nullable(),
	testAccuracy: z.number().nullable(),
	error: z.object({ reason: FailureReasonSchema, message: z.string() }).nullable(),
	model: z.object({ name: z.string(), modules: z.number().int(), chars: z.number().int() }).nullable(),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;
export const JobListSchema = z.object({ jobs: z.array(JobRecordSchema) });

export const LongPollResponseSchema = z.object({
	cursor: z.number().int().min(0),
	status: JobStatusSchema,
	events: z.array(JobEventSchema),
});

export const ArtifactResponseSchema = z.object({
	jobId: JobIdSchema,
	formatVersion: z.number().int(),
	modules: z.array(z.object({ name: z.string(), source: z.string() })),
	manifest: z.record(z.string(), z.unknown()),
	summary: z.record(z.string(), z.unknown()),
});
export type ArtifactResponse = z.infer<typeof ArtifactResponseSchema>;

export const ModelSummarySchema = z.object({
	id: JobIdSchema,
	name: z.string(),
	finishedAt: z.iso.datetime(),
	testAccuracy: z.number().nullable(),
	modules: z.number().int(),
	chars: z.number().int(),
	config: z.record(z.string(), z.unknown()),
});
export const ModelListSchema = z.object({ models: z.array(ModelSummarySchema) });

export const ERROR_KINDS = [
	"bad_json",
	"invalid_request",
	"unsupported_media_type",
	"payload_too_large",
	"forbidden_host",
	"forbidden_origin",
	"not_found",
	"method_not_allowed",
	"job_not_found",
	"job_running",
	"job_not_running",
	"artifact_not_ready",
	"internal",
] as const;
export const ErrorKindSchema = z.enum(ERROR_KINDS);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;
export const ErrorResponseSchema = z.object({ kind: ErrorKindSchema, message: z.string(), details: z.unknown() });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
