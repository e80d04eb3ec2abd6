/**
 * The plugin's mirror of the bridge's wire contract (bridge/src/protocol.ts): PROTOCOL_VERSION, the port, the
 * request, response and event shapes, and the checks that turn decoded JSON into them. Nothing else in the plugin
 * reads raw JSON (one wire contract per side).
 *
 * Each shape is an interface here and a table of its fields' JSON types in protocol-shapes.ts (`Shape<T>` makes
 * the compiler hold the two together), so the compiled plugin can say what it reads: tests/lune/plugin/wire.spec.luau decodes the bridge's
 * samples of every shape (tests/fixtures/wire/, written from the bridge's zod schemas) through this module and
 * checks each field the plugin reads is there, of that type, under that name.
 *
 * Cursors. The bridge numbers a job's events 1, 2, 3, … as it emits them; batch events it throttles away never
 * get a number, so while the bridge that ran the job is up, the numbers have no holes. Batch events are not
 * saved to disk, so a job read back after a bridge restart (always a finished job: a running one becomes
 * failed) misses the numbers of its batch events.
 *
 * Gaps. On the SSE stream an event whose cursor is more than one past the last one delivered is a gap: an
 * event went missing between the bridge and the plugin, or the job predates a restart. The client then asks the
 * long-poll endpoint for everything after the last delivered cursor and delivers that first, in order. Numbers
 * the bridge does not return are gone for good (batch events of a restarted job, which only carry progress that
 * the next epoch event supersedes) and are not asked for again.
 */

export const PROTOCOL_VERSION = 1;
export const SERVER_NAME = "digitlab-bridge";
export const DEFAULT_PORT = 34873;

export type ModelKind = "mlp" | "cnn";
export type Quantization = "float32" | "int8";

/** The subset of the trainer's config the plugin sends; the bridge fills in the rest with its defaults. */
export interface JobRequest {
	model: ModelKind;
	hidden: number[];
	epochs: number;
	batchSize: number;
	learningRate: number;
	augment: boolean;
	quantization: Quantization;
	/** Worker threads (CPU cores) to train on; omitted: the bridge uses every core. */
	workers?: number;
	seed?: number;
	trainSamples?: number;
	testSamples?: number;
	name?: string;
}

/** What the bridge accepts; the settings form checks the same limits (session/settings.ts). */
export interface BridgeCaps {
	maxEpochs: number;
	maxHiddenLayers: number;
	maxHiddenUnits: number;
	maxBatchSize: number;
	maxTrainSamples: number;
	/** The bridge machine's cores (bridges before 0.2 do not send it). */
	maxWorkers?: number;
	/** The learning-rate range (older bridges do not send it). */
	minLearningRate?: number;
	maxLearningRate?: number;
}

/** The bridge's default job: the fields the settings form shows. */
export interface JobDefaults {
	model: string;
	hidden: number[];
	epochs: number;
	batchSize: number;
	learningRate: number;
	augment: boolean;
	quantization: string;
}

/** The first two fields of `/api/info`, which every DigitLab bridge of any protocol version sends. */
export interface Hello {
	name: string;
	protocolVersion: number;
}

export interface InfoResponse extends Hello {
	version: string;
	sessionId: string;
	backend: string;
	activeJobId?: string;
	/** Absent from older bridges (the form then keeps its built-in limits and defaults), or ignored when malformed. */
	caps?: BridgeCaps;
	defaults?: JobDefaults;
}

export interface StartedEvent {
	type: "started";
	backend: string;
	trainSize: number;
	valSize: number;
	testSize: number;
}
export interface BatchEvent {
	type: "batch";
	epoch: number;
	epochs: number;
	batch: number;
	batches: number;
	loss: number;
	accuracy: number;
}
export interface EpochEvent {
	type: "epoch";
	epoch: number;
	epochs: number;
	loss: number;
	accuracy: number;
	valLoss: number;
	valAccuracy: number;
	seconds: number;
	etaSeconds: number;
}
export interface EvaluatedEvent {
	type: "evaluated";
	testAccuracy: number;
	perClass: number[];
	confusion: number[][];
}
export interface ExportedEvent {
	type: "exported";
	modules: number;
	chars: number;
	bytes: number;
}
export interface DoneEvent {
	type: "done";
	modelId: string;
	name: string;
	testAccuracy?: number;
	modules: number;
	chars: number;
	seconds: number;
}
export interface FailedEvent {
	type: "failed";
	reason: string;
	message: string;
}
export interface CancelledEvent {
	type: "cancelled";
}

export type JobEventBody =
	StartedEvent | BatchEvent | EpochEvent | EvaluatedEvent | ExportedEvent | DoneEvent | FailedEvent | CancelledEvent;
/** Every event carries its position in the job's queue; cursors start at 1 and only grow. */
export interface EventEnvelope {
	cursor: number;
}
export type JobEvent = JobEventBody & EventEnvelope;

export type JobStatus = "running" | "done" | "failed" | "cancelled";

export interface LongPollResponse {
	cursor: number;
	status: JobStatus;
	events: JobEvent[];
}

export interface ArtifactModule {
	name: string;
	source: string;
}
export interface ArtifactResponse {
	jobId: string;
	formatVersion: number;
	modules: ArtifactModule[];
}

export interface JobCreated {
	jobId: string;
}

/** `{ kind, message, details }`: the bridge's error body. */
export interface ErrorResponse {
	kind: string;
	message: string;
	details: unknown;
}

export function isTerminal(event: JobEventBody) {
	return event.type === "done" || event.type === "failed" || event.type === "cancelled";
}

export * from "./protocol-shapes";
