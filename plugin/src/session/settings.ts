/**
 * The settings form's values as the user typed them (what plugin settings persist), the form's fields, and
 * their validation into a JobRequest and a bridge port. Limits mirror the bridge's caps so a bad value is caught
 * before anything is sent.
 *
 * Adding a text field: put it in SettingsDraft, DEFAULT_SETTINGS and TextField, list it in JOB_FIELDS with a
 * rule in TEXT_RULES, and map its value into the request in validateSettings. The form, the error display and
 * persistence follow from these.
 */
import { DEFAULT_PORT, JobRequest, ModelKind } from "../protocol";

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
	learningRate: "0.001",
	augment: true,
	int8: false,
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

export const LIMITS = {
	maxEpochs: 50,
	maxHiddenLayers: 4,
	maxHiddenUnits: 1024,
	maxBatchSize: 1024,
	minLearningRate: 1e-5,
	maxLearningRate: 1,
	/** The bridge refuses more workers than its machine has cores, and says so. */
	maxWorkers: 256,
};

function integer(text: string, min: number, max: number, what: string): number | string {
	const value = tonumber(text.gsub("%s", "")[0]);
	if (value === undefined || value % 1 !== 0) return `${what} must be a whole number`;
	if (value < min || value > max) return `${what} must be from ${min} to ${max}`;
	return value;
}

/** "256" or "128, 64": the hidden dense layers. */
function hiddenLayers(text: string): number[] | string {
	const units: number[] = [];
	for (const [part] of text.gmatch("[^,]+")) {
		const value = integer(tostring(part), 1, LIMITS.maxHiddenUnits, "Each hidden layer");
		if (typeIs(value, "string")) return value;
		units.push(value);
	}
	if (units.size() === 0) return "Give at least one hidden layer size, e.g. 256 or 128, 64";
	if (units.size() > LIMITS.maxHiddenLayers) return `At most ${LIMITS.maxHiddenLayers} hidden layers`;
	return units;
}

function learningRate(text: string): number | string {
	const value = tonumber(text.gsub("%s", "")[0]);
	if (value === undefined || value < LIMITS.minLearningRate || value > LIMITS.maxLearningRate) {
		return `Learning rate must be a number from ${LIMITS.minLearningRate} to ${LIMITS.maxLearningRate}`;
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
function workers(text: string): number | string | undefined {
	if (text.gsub("%s", "")[0] === "") return undefined;
	const value = integer(text, 1, LIMITS.maxWorkers, "CPU cores to use");
	return typeIs(value, "string") ? `${value}, or leave it empty to use every core` : value;
}

/** Each text field's parser: a value, or the message that says what to fix. */
const TEXT_RULES: { [K in TextField]: (text: string) => unknown } = {
	hidden: hiddenLayers,
	epochs: (text) => integer(text, 1, LIMITS.maxEpochs, "Epochs"),
	batchSize: (text) => integer(text, 1, LIMITS.maxBatchSize, "Batch size"),
	learningRate,
	workers,
	port: bridgePort,
};

export type Validation = { ok: true; request: JobRequest; port: number } | { ok: false; errors: SettingsErrors };

export function validateSettings(draft: SettingsDraft): Validation {
	const errors: SettingsErrors = {};
	const values = new Map<TextField, unknown>();
	for (const [field, rule] of pairs(TEXT_RULES)) {
		const value = rule(draft[field]);
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
