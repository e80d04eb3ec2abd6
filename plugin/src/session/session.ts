/**
 * The Studio session: a small state machine over a closed set of statuses (STYLE.md), driven by the bridge
 * client and the weights writer, both injected. The UI renders `state` and calls the actions; nothing here
 * touches Roact or the widget, so Lune can run it headless.
 */
import { BridgeClient, Result } from "../bridge-client";
import { PluginError, pluginError } from "../errors";
import { ArtifactModule, EvaluatedEvent, InfoResponse, JobEvent, JobEventBody, JobRequest } from "../protocol";
import { WriteReport } from "../writer/weights-writer";
import { restoreSettings, SettingsDraft, SettingsErrors, validateSettings } from "./settings";

export type Status = "disconnected" | "connecting" | "idle" | "training" | "writing" | "done" | "error";

export interface EpochPoint {
	epoch: number;
	loss: number;
	accuracy: number;
	valLoss: number;
	valAccuracy: number;
}

export interface Progress {
	epoch: number;
	epochs: number;
	batch: number;
	batches: number;
	etaSeconds?: number;
	/** 0..1 over the whole job. */
	fraction: number;
}

export interface JobView {
	id: string;
	backend?: string;
	progress: Progress;
	history: EpochPoint[];
	evaluation?: EvaluatedEvent;
	lastEvent?: { cursor: number; type: JobEventBody["type"] };
	cancelling: boolean;
}

export interface WrittenModel extends WriteReport {
	name: string;
	testAccuracy?: number;
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
	log: string[];
}

export interface SettingsStore {
	load: () => unknown;
	save: (draft: SettingsDraft) => void;
}

export interface SessionDeps {
	client: BridgeClient;
	write: (modules: ArtifactModule[]) => Result<WriteReport>;
	store?: SettingsStore;
	/** Job fields the form does not show (e.g. a sample cap for quick runs); merged over the form's values. */
	fixed?: Partial<JobRequest>;
	/** Runs work off the caller's thread (task.spawn in Studio); persistence uses `defer`. */
	spawn?: (work: () => void) => void;
	defer?: (work: () => void) => void;
}

const LOG_LIMIT = 200;
const ACTIVE: Partial<Record<Status, true>> = { connecting: true, training: true, writing: true };

export class Session {
	state: SessionState;
	private readonly listeners = new Set<(state: SessionState) => void>();
	private readonly spawn: (work: () => void) => void;
	private readonly defer: (work: () => void) => void;
	private stopped = false;
	private pending?: { name: string; testAccuracy?: number; modules: ArtifactModule[] };

	constructor(private readonly deps: SessionDeps) {
		this.spawn = deps.spawn ?? ((work) => task.spawn(work));
		this.defer = deps.defer ?? ((work) => task.defer(work));
		const settings = restoreSettings(deps.store?.load());
		this.state = { status: "disconnected", url: deps.client.baseUrl, settings, settingsErrors: {}, canRetryWrite: false, log: [] };
	}

	subscribe(listener: (state: SessionState) => void) {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private set(patch: Partial<SessionState>, line?: string) {
		const updated = { ...this.state, ...patch };
		if (line !== undefined) {
			const log = [...updated.log, line];
			while (log.size() > LOG_LIMIT) log.remove(0);
			updated.log = log;
		}
		this.state = updated;
		for (const listener of this.listeners) listener(updated);
	}

	private failWith(problem: PluginError) {
		const status: Status = problem.kind === "bridge_not_running" ? "disconnected" : "error";
		this.set({ status, error: problem }, `✗ ${problem.message}`);
	}

	isBusy() {
		return ACTIVE[this.state.status] === true;
	}

	/** Handshake; when the bridge is already running a job (the plugin reloaded), follows it. */
	connect() {
		if (this.isBusy()) return;
		this.set({ status: "connecting", error: undefined }, `Connecting to ${this.state.url}…`);
		const info = this.deps.client.handshake();
		if (!info.ok) return this.failWith(info.error);
		this.set({ status: "idle", info: info.value }, `Connected: bridge ${info.value.version}, backend ${info.value.backend}`);
		const active = info.value.activeJobId;
		if (active !== undefined) this.follow(active, "Following the job already running on the bridge");
	}

	updateSettings(patch: Partial<SettingsDraft>) {
		const settings = { ...this.state.settings, ...patch };
		const validation = validateSettings(settings);
		this.set({ settings, settingsErrors: validation.ok ? {} : validation.errors });
		// plugin:SetSetting writes to disk: keep it off the input handler's path.
		const store = this.deps.store;
		if (store !== undefined) this.defer(() => store.save(settings));
	}

	/** Validates, connects if needed, starts a job and follows it on its own thread. */
	train() {
		if (this.isBusy()) return;
		const validation = validateSettings(this.state.settings);
		if (!validation.ok) {
			this.set({ settingsErrors: validation.errors }, "✗ Fix the highlighted settings, then press Train.");
			return;
		}
		this.set({ settingsErrors: {} });
		if (this.state.info === undefined || this.state.status === "disconnected" || this.state.status === "error") {
			this.connect();
			if (this.state.status !== "idle") return;
		}
		const started = this.deps.client.startJob({ ...validation.request, ...this.deps.fixed });
		if (!started.ok) return this.failWith(started.error);
		this.follow(started.value, `Job ${started.value} started`);
	}

	cancel() {
		const job = this.state.job;
		if (this.state.status !== "training" || job === undefined || job.cancelling) return;
		this.set({ job: { ...job, cancelling: true } }, "Cancelling…");
		this.spawn(() => {
			const result = this.deps.client.cancel(job.id);
			if (!result.ok) this.set({}, `✗ Cancel failed: ${result.error.message}`);
		});
	}

	/** Writes the last fetched artifact again (after the user fixed a permission). */
	retryWrite() {
		if (this.pending === undefined || this.isBusy()) return;
		this.writePending();
	}

	dispose() {
		this.stopped = true;
		this.listeners.clear();
	}

	private follow(jobId: string, line: string) {
		const progress: Progress = { epoch: 0, epochs: 0, batch: 0, batches: 0, fraction: 0 };
		const job: JobView = { id: jobId, progress, history: [], cancelling: false };
		this.set({ status: "training", job, written: undefined, error: undefined, canRetryWrite: false }, line);
		this.spawn(() => {
			const outcome = this.deps.client.follow(jobId, 0, (event) => this.onEvent(event), () => this.stopped);
			if (!outcome.ok) return this.failWith(outcome.error);
			const last = outcome.value;
			if (last === undefined) return;
			if (last.type === "done") {
				this.fetchAndWrite(jobId, last.name, last.testAccuracy);
			} else if (last.type === "failed") {
				this.failWith(pluginError("job_failed", `Training failed: ${last.message}`, last.reason));
			} else {
				this.set({ status: "idle" }, "Training cancelled; the place was not changed.");
			}
		});
	}

	private onEvent(event: JobEvent) {
		const job = this.state.job;
		if (job === undefined) return;
		const view: JobView = { ...job, lastEvent: { cursor: event.cursor, type: event.type } };
		let line: string | undefined;
		if (event.type === "started") {
			view.backend = event.backend;
			line = `Training on ${event.backend}: ${event.trainSize} training, ${event.valSize} validation, ${event.testSize} test images`;
		} else if (event.type === "batch") {
			view.progress = {
				...job.progress,
				epoch: event.epoch,
				epochs: event.epochs,
				batch: event.batch,
				batches: event.batches,
				fraction: math.clamp((event.epoch - 1 + event.batch / math.max(event.batches, 1)) / math.max(event.epochs, 1), 0, 1),
			};
		} else if (event.type === "epoch") {
			view.history = [...job.history, { epoch: event.epoch, loss: event.loss, accuracy: event.accuracy, valLoss: event.valLoss, valAccuracy: event.valAccuracy }];
			view.progress = { ...job.progress, epoch: event.epoch, epochs: event.epochs, batch: job.progress.batches, etaSeconds: event.etaSeconds, fraction: math.clamp(event.epoch / math.max(event.epochs, 1), 0, 1) };
			line = string.format("Epoch %d/%d: loss %.4f, accuracy %.2f%%, validation %.2f%% (%.1f s)", event.epoch, event.epochs, event.loss, event.accuracy * 100, event.valAccuracy * 100, event.seconds);
		} else if (event.type === "evaluated") {
			view.evaluation = event;
			view.progress = { ...view.progress, fraction: 1, etaSeconds: 0 };
			line = string.format("Test accuracy %.2f%%", event.testAccuracy * 100);
		} else if (event.type === "exported") {
			line = `Exported ${event.modules} modules (${event.chars} characters)`;
		} else if (event.type === "done") {
			line = `Model ${event.name} ready in ${string.format("%.1f", event.seconds)} s`;
		}
		this.set({ job: view }, line);
	}

	private fetchAndWrite(jobId: string, name: string, testAccuracy?: number) {
		this.set({ status: "writing" }, "Downloading the model…");
		const artifact = this.deps.client.artifact(jobId);
		if (!artifact.ok) return this.failWith(artifact.error);
		this.pending = { name, testAccuracy, modules: artifact.value.modules };
		this.writePending();
	}

	private writePending() {
		const pending = this.pending;
		if (pending === undefined) return;
		this.set({ status: "writing", error: undefined }, `Writing ${pending.modules.size()} modules to ReplicatedStorage.DigitLab.Model…`);
		const written = this.deps.write(pending.modules);
		if (!written.ok) {
			this.set({ canRetryWrite: true });
			return this.failWith(written.error);
		}
		this.pending = undefined;
		this.set(
			{ status: "done", canRetryWrite: false, written: { ...written.value, name: pending.name, testAccuracy: pending.testAccuracy } },
			`✓ Wrote ${pending.name} (${written.value.modules} modules). Undo (Ctrl+Z) restores the previous model.`,
		);
	}
}
