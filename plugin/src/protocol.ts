/**
 * The plugin's mirror of the bridge's wire contract (bridge/src/protocol.ts): PROTOCOL_VERSION, the request,
 * response and event shapes, and the checks that turn decoded JSON into them. Nothing else in the plugin
 * reads raw JSON (one wire contract per side).
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

export interface BridgeCaps {
	maxEpochs: number;
	maxHiddenLayers: number;
	maxHiddenUnits: number;
	maxBatchSize: number;
	maxTrainSamples: number;
	/** The bridge machine's cores (bridges before 0.2 do not send it). */
	maxWorkers?: number;
}

export interface InfoResponse {
	name: string;
	version: string;
	protocolVersion: number;
	sessionId: string;
	backend: string;
	activeJobId?: string;
	caps?: BridgeCaps;
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
	| StartedEvent
	| BatchEvent
	| EpochEvent
	| EvaluatedEvent
	| ExportedEvent
	| DoneEvent
	| FailedEvent
	| CancelledEvent;
/** Every event carries its position in the job's queue; cursors start at 1 and only grow. */
export type JobEvent = JobEventBody & { cursor: number };

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

/** `{ kind, message, details }`: the bridge's error body. */
export interface ErrorResponse {
	kind: string;
	message: string;
	details: unknown;
}

export function isTerminal(event: JobEventBody) {
	return event.type === "done" || event.type === "failed" || event.type === "cancelled";
}

type Table = Record<string, unknown>;
const isTable = (value: unknown): value is Table => typeIs(value, "table");
const num = (t: Table, key: string) => typeIs(t[key], "number");
const str = (t: Table, key: string) => typeIs(t[key], "string");
const nums = (t: Table, keys: string[]) => keys.every((key) => num(t, key));

const EVENT_NUMBERS: Record<JobEventBody["type"], string[]> = {
	started: [],
	batch: ["epoch", "epochs", "batch", "batches", "loss", "accuracy"],
	epoch: ["epoch", "epochs", "loss", "accuracy", "valLoss", "valAccuracy", "seconds", "etaSeconds"],
	evaluated: ["testAccuracy"],
	exported: ["modules", "chars", "bytes"],
	done: ["modules", "chars", "seconds"],
	failed: [],
	cancelled: [],
};

/** Returns the event, or undefined when the value is not an event this protocol version knows. */
export function decodeEvent(value: unknown): JobEvent | undefined {
	if (!isTable(value) || !num(value, "cursor") || !str(value, "type")) return undefined;
	const required = EVENT_NUMBERS[value.type as JobEventBody["type"]];
	if (required === undefined || !nums(value, required)) return undefined;
	if (value.type === "evaluated" && !(isTable(value.perClass) && isTable(value.confusion))) return undefined;
	if (value.type === "failed" && !str(value, "message")) return undefined;
	return value as unknown as JobEvent;
}

export function decodeInfo(value: unknown): InfoResponse | undefined {
	if (!isTable(value) || !str(value, "name") || !num(value, "protocolVersion")) return undefined;
	return value as unknown as InfoResponse;
}

export function decodeLongPoll(value: unknown): LongPollResponse | undefined {
	if (!isTable(value) || !num(value, "cursor") || !isTable(value.events)) return undefined;
	const events: JobEvent[] = [];
	for (const raw of value.events as unknown as unknown[]) {
		const event = decodeEvent(raw);
		// An event kind from a newer bridge is skipped rather than failing the whole job.
		if (event !== undefined) events.push(event);
	}
	return { cursor: value.cursor as number, status: (value.status as JobStatus) ?? "running", events };
}

export function decodeArtifact(value: unknown): ArtifactResponse | undefined {
	if (!isTable(value) || !isTable(value.modules)) return undefined;
	const modules: ArtifactModule[] = [];
	for (const raw of value.modules as unknown as unknown[]) {
		if (!isTable(raw) || !str(raw, "name") || !str(raw, "source")) return undefined;
		modules.push({ name: raw.name as string, source: raw.source as string });
	}
	return {
		jobId: (value.jobId as string) ?? "",
		formatVersion: (value.formatVersion as number) ?? 0,
		modules,
	};
}

export function decodeJobCreated(value: unknown): string | undefined {
	return isTable(value) && str(value, "jobId") ? (value.jobId as string) : undefined;
}

export function decodeError(value: unknown): ErrorResponse | undefined {
	if (!isTable(value) || !str(value, "kind")) return undefined;
	return { kind: value.kind as string, message: (value.message as string) ?? "", details: value.details };
}
