/**
 * The settings form's values as the user typed them (what plugin settings persist), the form's fields, and
 * their validation into a JobRequest and a bridge port. The limits are the connected bridge's caps (`/api/info`),
 * so a bad value is caught before anything is sent; before a handshake, or with a bridge that sends none, the
 * built-in LIMITS. Likewise the defaults: a field left at its default follows the bridge's default job.
 * The built-in LIMITS, DEFAULT_SETTINGS and DEFAULT_PORT equal the bridge's (tests/lune/plugin/wire.spec.luau
 * checks them against tests/fixtures/wire/defaults.json, which the bridge's schemas write).
 *
 * Adding a text field: put it in SettingsDraft, DEFAULT_SETTINGS and TextField, list it in JOB_FIELDS with a
 * rule in TEXT_RULES (its limit in Limits and limitsFrom), map its value into the request in validateSettings,
 * and read the bridge's default for it in settingsFromDefaults and FOLLOWS_DEFAULTS. The form, the error display
 * and persistence follow from these; docs/bridge-api.md has the bridge's half.
 */
import { BridgeCaps, DEFAULT_PORT, JobDefaults, JobRequest, ModelKind } from "../protocol";

export interface SettingsDraft {
	model: ModelKind;
	hidden: string;
	epochs: string;
	batchSize: string;
	learningRate: string;
	augment: boolean;
	int8: boolean;
	/** CPU cores to train on; empty means every core of the bridge's machine. */
	workers: string;
	/** The bridge's port on 127.0.0.1. */
	port: string;
}

export type SettingsField = keyof SettingsDraft;
export type SettingsErrors = Partial<Record<SettingsField, string>>;
/** The fields typed as text; the others are toggles or choices. */
export type TextField = "hidden" | "epochs" | "batchSize" | "learningRate" | "workers" | "port";

export const DEFAULT_SETTINGS: SettingsDraft = {
	model: "mlp",
	hidden: "256",
	epochs: "30",
	batchSize: "128",
	learningRate: "0.002",
	augment: true,
	int8: true,
	workers: "",
	port: tostring(DEFAULT_PORT),
};

export interface FieldSpec {
	field: TextField;
	label: string;
}

/** The job's text fields, in form order. */
export const JOB_FIELDS: ReadonlyArray<FieldSpec> = [
	{ field: "hidden", label: "Hidden units" },
	{ field: "epochs", label: "Epochs" },
	{ field: "batchSize", label: "Batch size" },
	{ field: "learningRate", label: "Learning rate" },
	{ field: "workers", label: "CPU cores to use" },
];

/** Where the bridge is; shown with the job's fields and on its own while the bridge cannot be reached. */
export const BRIDGE_FIELDS: ReadonlyArray<FieldSpec> = [{ field: "port", label: "Bridge port" }];

export interface Limits {
	maxEpochs: number;
	maxHiddenLayers: number;
	maxHiddenUnits: number;
	maxBatchSize: number;
	maxTrainSamples: number;
	minLearningRate: number;
	maxLearningRate: number;
	/** CPU cores: a bridge refuses more than its machine has, and says how many in its caps. */
	maxWorkers: number;
}

/** What any bridge accepts, for use before a handshake or with a bridge that sends no caps. */
export const LIMITS: Limits = {
	maxEpochs: 50,
	maxHiddenLayers: 4,
	maxHiddenUnits: 1024,
	maxBatchSize: 1024,
	maxTrainSamples: 60000,
	minLearningRate: 1e-5,
	maxLearningRate: 1,
	maxWorkers: 256,
};

/** The bridge's caps over the built-in limits (a bridge may leave some out). */
export function limitsFrom(caps: BridgeCaps | undefined): Limits {
	if (caps === undefined) return LIMITS;
	return {
		maxEpochs: caps.maxEpochs,
		maxHiddenLayers: caps.maxHiddenLayers,
		maxHiddenUnits: caps.maxHiddenUnits,
		maxBatchSize: caps.maxBatchSize,
		maxTrainSamples: caps.maxTrainSamples,
		minLearningRate: caps.minLearningRate ?? LIMITS.minLearningRate,
		maxLearningRate: caps.maxLearningRate ?? LIMITS.maxLearningRate,
		maxWorkers: caps.maxWorkers ?? LIMITS.maxWorkers,
	};
}

/** The form's values for a bridge's default job; values the form cannot show keep the built-in default. */
export function settingsFromDefaults(job: JobDefaults, base: SettingsDraft = DEFAULT_SETTINGS): SettingsDraft {
	const draft = { ...base };
	if (job.model === "mlp" || job.model === "cnn") draft.model = job.model;
	if (job.hidden.size() > 0) draft.hidden = job.hidden.map((units) => tostring(units)).join(", ");
	draft.epochs = tostring(job.epochs);
	draft.batchSize = tostring(job.batchSize);
	draft.learningRate = tostring(job.learningRate);
	draft.augment = job.augment;
	if (job.quantization === "int8" || job.quantization === "float32") draft.int8 = job.quantization === "int8";
	return draft;
}

/** The job fields a bridge's defaults may change; where to find the bridge and how many cores are the user's. */
const FOLLOWS_DEFAULTS: ReadonlyArray<SettingsField> = [
	"model",
	"hidden",
	"epochs",
	"batchSize",
	"learningRate",
	"augment",
	"int8",
];

/** Moves every field still at the `from` default to the `to` default; what the user changed stays. */
export function followDefaults(draft: SettingsDraft, from: SettingsDraft, to: SettingsDraft): SettingsDraft {
	const out = { ...draft } as unknown as Record<string, unknown>;
	for (const field of FOLLOWS_DEFAULTS) {
		if (draft[field] === from[field]) out[field] = to[field];
	}
	return out as unknown as SettingsDraft;
}

function integer(text: string, min: number, max: number, what: string): number | string {
	const value = tonumber(text.gsub("%s", "")[0]);
	if (value === undefined || value % 1 !== 0) return `${what} must be a whole number`;
	if (value < min || value > max) return `${what} must be from ${min} to ${max}`;
	return value;
}

/** "256" or "128, 64": the hidden dense layers. */
function hiddenLayers(text: string, limits: Limits): number[] | string {
	const units: number[] = [];
	for (const [part] of text.gmatch("[^,]+")) {
		const value = integer(tostring(part), 1, limits.maxHiddenUnits, "Each hidden layer");
		if (typeIs(value, "string")) return value;
		units.push(value);
	}
	if (units.size() === 0) return "Give at least one hidden layer size, e.g. 256 or 128, 64";
	if (units.size() > limits.maxHiddenLayers) return `At most ${limits.maxHiddenLayers} hidden layers`;
	return units;
}

function learningRate(text: string, limits: Limits): number | string {
	const value = tonumber(text.gsub("%s", "")[0]);
	if (value === undefined || value < limits.minLearningRate || value > limits.maxLearningRate) {
		return `Learning rate must be a number from ${limits.minLearningRate} to ${limits.maxLearningRate}`;
	}
	return value;
}

/** Studio refuses ports below 1024 (except 80/443) and 1194; the bridge serves 1025–65535 but not 1194. */
export function bridgePort(text: string): number | string {
	const value = integer(text, 1025, 65535, "The bridge port");
	if (value === 1194) return "Studio blocks port 1194: choose another";
	return value;
}

/** Blank: every core. */
function workers(text: string, limits: Limits): number | string | undefined {
	if (text.gsub("%s", "")[0] === "") return undefined;
	const value = integer(text, 1, limits.maxWorkers, "CPU cores to use");
	return typeIs(value, "string") ? `${value}, or leave it empty to use every core` : value;
}

/** Each text field's parser: a value, or the message that says what to fix. */
const TEXT_RULES: { [K in TextField]: (text: string, limits: Limits) => unknown } = {
	hidden: hiddenLayers,
	epochs: (text, limits) => integer(text, 1, limits.maxEpochs, "Epochs"),
	batchSize: (text, limits) => integer(text, 1, limits.maxBatchSize, "Batch size"),
	learningRate,
	workers,
	port: bridgePort,
};

export type Validation = { ok: true; request: JobRequest; port: number } | { ok: false; errors: SettingsErrors };

export function validateSettings(draft: SettingsDraft, limits: Limits = LIMITS): Validation {
	const errors: SettingsErrors = {};
	const values = new Map<TextField, unknown>();
	for (const [field, rule] of pairs(TEXT_RULES)) {
		const value = rule(draft[field], limits);
		if (typeIs(value, "string")) errors[field] = value;
		else values.set(field, value);
	}
	if (draft.model !== "mlp" && draft.model !== "cnn") errors.model = "Model must be MLP or CNN";
	if (next(errors)[0] !== undefined) return { ok: false, errors };
	return {
		ok: true,
		port: values.get("port") as number,
		request: {
			model: draft.model,
			hidden: values.get("hidden") as number[],
			epochs: values.get("epochs") as number,
			batchSize: values.get("batchSize") as number,
			learningRate: values.get("learningRate") as number,
			augment: draft.augment,
			quantization: draft.int8 ? "int8" : "float32",
			workers: values.get("workers") as number | undefined,
		},
	};
}

/** Accepts whatever plugin settings held (possibly from an older plugin) and fills gaps with defaults. */
export function restoreSettings(saved: unknown): SettingsDraft {
	const draft = { ...DEFAULT_SETTINGS };
	if (!typeIs(saved, "table")) return draft;
	const raw = saved as Record<string, unknown>;
	for (const [key, fallback] of pairs(DEFAULT_SETTINGS)) {
		if (typeOf(raw[key]) === typeOf(fallback)) (draft as unknown as Record<string, unknown>)[key] = raw[key];
	}
	return draft;
}

export const bridgeUrl = (port: number) => `http://127.0.0.1:${port}`;
