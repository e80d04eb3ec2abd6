/**
 * What the Studio session shows and what it is given: its state, the statuses it moves through, and the ports it
 * drives (bridge client, place writer, settings store, place inspector).
 */
import { BridgeClient, Result } from "../bridge-client";
import { PluginError } from "../errors";
import { BoardState } from "../kit/place-kit";
import { RuntimeState } from "../kit/runtime-version";
import { ArtifactModule, InfoResponse, JobRequest } from "../protocol";
import { WriteOptions, WriteReport } from "../writer/weights-writer";
import { JobView } from "./job-view";
import { SettingsDraft, SettingsErrors } from "./settings";

export { EpochPoint, JobView, Progress } from "./job-view";

/** `confirm`: a finished model waits while the creator decides about their edited runtime. */
export type Status = "disconnected" | "connecting" | "idle" | "training" | "writing" | "confirm" | "done" | "error";

export interface WrittenModel extends WriteReport {
	name: string;
	testAccuracy?: number;
}

/** What DigitLab finds in the open place. */
export interface PlaceStatus {
	runtime: RuntimeState;
	board: BoardState;
	model?: string;
}

export interface SessionState {
	status: Status;
	url: string;
	info?: InfoResponse;
	settings: SettingsDraft;
	settingsErrors: SettingsErrors;
	job?: JobView;
	written?: WrittenModel;
	error?: PluginError;
	/** True when a fetched artifact is waiting to be written again (e.g. after granting script injection). */
	canRetryWrite: boolean;
	/** Add the drawing board with the next model (a choice for this place, not a saved setting). */
	addBoard: boolean;
	place?: PlaceStatus;
	log: string[];
}

export interface SettingsStore {
	load: () => SettingsDraft;
	/** Writes to disk; the session calls it through `defer`. */
	save: (draft: SettingsDraft) => void;
}

export interface PlacePort {
	inspect: () => PlaceStatus;
	addBoard: () => Result<unknown>;
}

export interface SessionDeps {
	client: BridgeClient;
	write: (modules: ArtifactModule[], options: WriteOptions) => Result<WriteReport>;
	store?: SettingsStore;
	place?: PlacePort;
	/** Job fields the form does not show (e.g. a sample cap for quick runs); merged over the form's values. */
	fixed?: Partial<JobRequest>;
	/** Runs work off the caller's thread (task.spawn in Studio); persistence uses `defer`. */
	spawn?: (work: () => void) => void;
	defer?: (work: () => void) => void;
}
