/**
 * The wire shapes as data, and the decoders they drive: each table lists the fields the plugin reads and their JSON
 * types, typed by protocol.ts's interfaces so that a field added, renamed or retyped in one is a compile error until
 * the other follows. tests/lune/plugin/wire.spec.luau checks these tables against the bridge's own samples.
 */
import type {
	ArtifactModule,
	ArtifactResponse,
	BridgeCaps,
	ErrorResponse,
	EventEnvelope,
	Hello,
	InfoResponse,
	JobCreated,
	JobDefaults,
	JobEvent,
	JobEventBody,
	JobRequest,
	JobStatus,
	LongPollResponse,
} from "./protocol";

/** A JSON value's Luau type: arrays and objects are both tables. */
type KindOf<T> = T extends string ? "string" : T extends number ? "number" : T extends boolean ? "boolean" : "table";
/** Each field of T and its JSON type; "?" marks a field that may be absent (JSON null reads as absent). */
export type Shape<T> = {
	readonly [K in keyof T]-?: undefined extends T[K] ? `${KindOf<NonNullable<T[K]>>}?` : KindOf<T[K]>;
};

export const HELLO: Shape<Hello> = { name: "string", protocolVersion: "number" };
export const INFO: Shape<InfoResponse> = {
	name: "string",
	protocolVersion: "number",
	version: "string",
	sessionId: "string",
	backend: "string",
	activeJobId: "string?",
	caps: "table?",
	defaults: "table?",
};
export const CAPS: Shape<BridgeCaps> = {
	maxEpochs: "number",
	maxHiddenLayers: "number",
	maxHiddenUnits: "number",
	maxBatchSize: "number",
	maxTrainSamples: "number",
	maxWorkers: "number?",
	minLearningRate: "number?",
	maxLearningRate: "number?",
};
export const DEFAULTS: Shape<JobDefaults> = {
	model: "string",
	hidden: "table",
	epochs: "number",
	batchSize: "number",
	learningRate: "number",
	augment: "boolean",
	quantization: "string",
};
/** What the plugin sends; the bridge refuses fields it does not know. */
export const JOB_REQUEST: Shape<JobRequest> = {
	model: "string",
	hidden: "table",
	epochs: "number",
	batchSize: "number",
	learningRate: "number",
	augment: "boolean",
	quantization: "string",
	workers: "number?",
	seed: "number?",
	trainSamples: "number?",
	testSamples: "number?",
	name: "string?",
};
export const JOB_CREATED: Shape<JobCreated> = { jobId: "string" };
export const ENVELOPE: Shape<EventEnvelope> = { cursor: "number" };
type EventShapes = { readonly [K in JobEventBody["type"]]: Shape<Extract<JobEventBody, { type: K }>> };
export const EVENTS: EventShapes = {
	started: { type: "string", backend: "string", trainSize: "number", valSize: "number", testSize: "number" },
	batch: {
		type: "string",
		epoch: "number",
		epochs: "number",
		batch: "number",
		batches: "number",
		loss: "number",
		accuracy: "number",
	},
	epoch: {
		type: "string",
		epoch: "number",
		epochs: "number",
		loss: "number",
		accuracy: "number",
		valLoss: "number",
		valAccuracy: "number",
		seconds: "number",
		etaSeconds: "number",
	},
	evaluated: { type: "string", testAccuracy: "number", perClass: "table", confusion: "table" },
	exported: { type: "string", modules: "number", chars: "number", bytes: "number" },
	done: {
		type: "string",
		modelId: "string",
		name: "string",
		testAccuracy: "number?",
		modules: "number",
		chars: "number",
		seconds: "number",
	},
	failed: { type: "string", reason: "string", message: "string" },
	cancelled: { type: "string" },
};
/** As sent: older bridges may leave out what the plugin can default. */
type LongPollWire = Omit<LongPollResponse, "status"> & { status?: string };
type ArtifactWire = Omit<ArtifactResponse, "jobId" | "formatVersion"> & { jobId?: string; formatVersion?: number };
type ErrorWire = Omit<ErrorResponse, "message"> & { message?: string };

export const LONG_POLL: Shape<LongPollWire> = { cursor: "number", status: "string?", events: "table" };
export const ARTIFACT: Shape<ArtifactWire> = { jobId: "string?", formatVersion: "number?", modules: "table" };
export const ARTIFACT_MODULE: Shape<ArtifactModule> = { name: "string", source: "string" };
export const ERROR: Shape<ErrorWire> = { kind: "string", message: "string?", details: "table?" };

type Table = Record<string, unknown>;
const isTable = (value: unknown): value is Table => typeIs(value, "table");

/** True when every field of `shape` is there with its JSON type (or absent, where the shape allows). */
export function matches(value: unknown, shape: object): value is Table {
	if (!isTable(value)) return false;
	for (const [key, kind] of pairs(shape as Record<string, string>)) {
		const field = value[key];
		const optional = kind.sub(-1) === "?";
		if (field === undefined) {
			if (!optional) return false;
		} else if (typeOf(field) !== (optional ? kind.sub(1, -2) : kind)) {
			return false;
		}
	}
	return true;
}

/** Returns the event, or undefined when the value is not an event this protocol version knows. */
export function decodeEvent(value: unknown): JobEvent | undefined {
	if (!matches(value, ENVELOPE) || !typeIs(value.type, "string")) return undefined;
	const shape = EVENTS[value.type as JobEventBody["type"]];
	return shape !== undefined && matches(value, shape) ? (value as unknown as JobEvent) : undefined;
}

/** The part of `/api/info` that says whether this is a DigitLab bridge and which protocol it speaks. */
export function decodeHello(value: unknown): Hello | undefined {
	return matches(value, HELLO) ? (value as unknown as Hello) : undefined;
}

/** A whole `/api/info` answer. Malformed caps or defaults are dropped: the form then keeps its built-in ones. */
export function decodeInfo(value: unknown): InfoResponse | undefined {
	if (!matches(value, INFO)) return undefined;
	const info = { ...value } as unknown as InfoResponse;
	if (!matches(info.caps, CAPS)) info.caps = undefined;
	if (!matches(info.defaults, DEFAULTS)) info.defaults = undefined;
	return info;
}

export function decodeLongPoll(value: unknown): LongPollResponse | undefined {
	if (!matches(value, LONG_POLL)) return undefined;
	const events: JobEvent[] = [];
	for (const raw of value.events as unknown as unknown[]) {
		const event = decodeEvent(raw);
		// An event kind from a newer bridge is skipped rather than failing the whole job.
		if (event !== undefined) events.push(event);
	}
	return { cursor: value.cursor as number, status: (value.status as JobStatus) ?? "running", events };
}

export function decodeArtifact(value: unknown): ArtifactResponse | undefined {
	if (!matches(value, ARTIFACT)) return undefined;
	const modules: ArtifactModule[] = [];
	for (const raw of value.modules as unknown as unknown[]) {
		if (!matches(raw, ARTIFACT_MODULE)) return undefined;
		modules.push({ name: raw.name as string, source: raw.source as string });
	}
	return {
		jobId: (value.jobId as string) ?? "",
		formatVersion: (value.formatVersion as number) ?? 0,
		modules,
	};
}

export function decodeJobCreated(value: unknown): string | undefined {
	return matches(value, JOB_CREATED) ? (value.jobId as string) : undefined;
}

export function decodeError(value: unknown): ErrorResponse | undefined {
	if (!matches(value, ERROR)) return undefined;
	return { kind: value.kind as string, message: (value.message as string) ?? "", details: value.details };
}
