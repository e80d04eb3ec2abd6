/**
 * The Studio session: a small state machine over a closed set of statuses, driven by the bridge client and the
 * place writer, both injected. The UI renders `state` and calls the actions; nothing here touches Roact or the
 * widget, so Lune can run it headless.
 */
import { PluginError, pluginError } from "../errors";
import { ArtifactModule, InfoResponse, JobEvent } from "../protocol";
import { RuntimeChoice } from "../writer/weights-writer";
import { applyEvent, newJobView } from "./job-view";
import {
	bridgePort,
	bridgeUrl,
	DEFAULT_SETTINGS,
	followDefaults,
	limitsFrom,
	restoreSettings,
	SettingsDraft,
	settingsFromDefaults,
	validateSettings,
} from "./settings";
import { SessionDeps, SessionState, Status } from "./session-types";

export { EpochPoint, JobView, Progress } from "./job-view";
export {
	PlaceStatus,
	PlacePort,
	SessionDeps,
	SessionState,
	SettingsStore,
	Status,
	WrittenModel,
} from "./session-types";

const LOG_LIMIT = 200;
const ACTIVE: Partial<Record<Status, true>> = { connecting: true, training: true, writing: true };

export class Session {
	state: SessionState;
	private readonly listeners = new Set<(state: SessionState) => void>();
	private readonly spawn: (work: () => void) => void;
	private readonly defer: (work: () => void) => void;
	private stopped = false;
	/** Train was asked for while the handshake was under way: start once it succeeds. */
	private trainAfterConnect = false;
	private pending?: { name: string; testAccuracy?: number; modules: ArtifactModule[] };
	/** The defaults the form's untouched fields show: built in until a bridge sends its own. */
	private defaults: SettingsDraft = DEFAULT_SETTINGS;

	constructor(private readonly deps: SessionDeps) {
		this.spawn = deps.spawn ?? ((work) => task.spawn(work));
		this.defer = deps.defer ?? ((work) => task.defer(work));
		const settings = deps.store?.load() ?? restoreSettings(undefined);
		const port = bridgePort(settings.port);
		if (!typeIs(port, "string")) deps.client.setBaseUrl(bridgeUrl(port));
		this.state = {
			status: "disconnected",
			url: deps.client.baseUrl,
			settings,
			settingsErrors: {},
			canRetryWrite: false,
			addBoard: false,
			log: [],
		};
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
		if (!info.ok) {
			if (this.trainAfterConnect) this.set({}, "Train waits for the bridge: start it, then press Train again.");
			this.trainAfterConnect = false;
			return this.failWith(info.error);
		}
		const settings = this.followBridgeDefaults(info.value);
		const validation = this.validate(settings, info.value);
		this.set(
			{ status: "idle", info: info.value, settings, settingsErrors: validation.ok ? {} : validation.errors },
			`Connected: bridge ${info.value.version}, backend ${info.value.backend}`,
		);
		const active = info.value.activeJobId;
		if (active !== undefined) {
			this.trainAfterConnect = false;
			this.follow(active, "Following the job already running on the bridge");
		} else if (this.trainAfterConnect) {
			this.trainAfterConnect = false;
			this.train();
		}
	}

	/** Checks against the connected bridge's caps (the built-in limits before a handshake or without caps). */
	private validate(settings: SettingsDraft, info = this.state.info) {
		return validateSettings(settings, limitsFrom(info?.caps));
	}

	/** Fields still at their default take the bridge's default job; what the user changed stays. */
	private followBridgeDefaults(info: InfoResponse): SettingsDraft {
		if (info.defaults === undefined) return this.state.settings;
		const bridgeDefaults = settingsFromDefaults(info.defaults);
		const settings = followDefaults(this.state.settings, this.defaults, bridgeDefaults);
		this.defaults = bridgeDefaults;
		return settings;
	}

	updateSettings(patch: Partial<SettingsDraft>) {
		const settings = { ...this.state.settings, ...patch };
		const validation = this.validate(settings);
		this.set({ settings, settingsErrors: validation.ok ? {} : validation.errors });
		if (patch.port !== undefined) this.usePort(settings.port);
		// plugin:SetSetting writes to disk: keep it off the input handler's path.
		const store = this.deps.store;
		if (store !== undefined) this.defer(() => store.save(settings));
	}

	/** A new port takes effect now unless a job is being followed; the next Connect or Train uses it. */
	private usePort(text: string) {
		const port = bridgePort(text);
		if (typeIs(port, "string") || this.isBusy()) return;
		const url = bridgeUrl(port);
		if (url === this.state.url) return;
		this.deps.client.setBaseUrl(url);
		const status =
			this.state.status === "confirm" || this.state.status === "done" ? this.state.status : "disconnected";
		this.set({ url, status, info: undefined, error: undefined }, `Bridge address is now ${url}.`);
	}

	setAddBoard(on: boolean) {
		this.set({ addBoard: on });
	}

	/** Validates, connects if needed, starts a job and follows it on its own thread. */
	train() {
		if (this.state.status === "connecting") {
			this.trainAfterConnect = true;
			return;
		}
		if (this.isBusy()) return;
		const validation = this.validate(this.state.settings);
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
		this.writePending("ask");
	}

	/** The creator's answer about their edited runtime. */
	confirmRuntime(choice: Exclude<RuntimeChoice, "ask">) {
		if (this.pending === undefined || this.state.status !== "confirm") return;
		this.writePending(choice);
	}

	/** Adds the drawing board to the place now, in its own undoable step. */
	addBoard() {
		const place = this.deps.place;
		if (place === undefined || this.isBusy()) return;
		const result = place.addBoard();
		if (!result.ok) return this.failWith(result.error);
		this.refreshPlace();
		this.set(
			{ addBoard: false },
			"✓ Added the drawing board (StarterPlayerScripts.DigitLabClient). Undo (Ctrl+Z) removes it.",
		);
	}

	/** Looks at the open place again (after a write, an undo, or when the panel opens). */
	refreshPlace() {
		const place = this.deps.place;
		if (place === undefined) return;
		const [inspected, status] = pcall(() => place.inspect());
		if (inspected) this.set({ place: status });
	}

	/** For plugin.Unloading: closes open streams at once and stops following. */
	dispose() {
		this.stopped = true;
		this.deps.client.dispose();
		this.listeners.clear();
	}

	private follow(jobId: string, line: string) {
		this.set(
			{ status: "training", job: newJobView(jobId), written: undefined, error: undefined, canRetryWrite: false },
			line,
		);
		this.spawn(() => {
			const outcome = this.deps.client.follow(
				jobId,
				0,
				(event) => this.onEvent(event),
				() => this.stopped,
			);
			if (this.stopped) return;
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
		const { view, line } = applyEvent(job, event);
		this.set({ job: view }, line);
	}

	private fetchAndWrite(jobId: string, name: string, testAccuracy?: number) {
		this.set({ status: "writing" }, "Downloading the model…");
		const artifact = this.deps.client.artifact(jobId);
		if (!artifact.ok) return this.failWith(artifact.error);
		this.pending = { name, testAccuracy, modules: artifact.value.modules };
		this.writePending("ask");
	}

	private writePending(runtime: RuntimeChoice) {
		const pending = this.pending;
		if (pending === undefined) return;
		const board = this.state.addBoard;
		this.set(
			{ status: "writing", error: undefined },
			`Writing ${pending.modules.size()} modules to ReplicatedStorage.DigitLab.Model…`,
		);
		const written = this.deps.write(pending.modules, { runtime, board });
		if (!written.ok) {
			if (written.error.kind === "runtime_edited") {
				this.set({ status: "confirm", error: written.error }, `? ${written.error.message}`);
				return;
			}
			this.set({ canRetryWrite: true });
			return this.failWith(written.error);
		}
		this.pending = undefined;
		const report = written.value;
		const extras: string[] = [];
		if (report.runtime !== "kept") extras.push(`runtime ${report.runtime}`);
		if (report.board) extras.push("drawing board added");
		this.set(
			{
				status: "done",
				canRetryWrite: false,
				addBoard: false,
				written: { ...report, name: pending.name, testAccuracy: pending.testAccuracy },
			},
			`✓ Wrote ${pending.name} (${report.modules} modules${extras.size() > 0 ? "; " + extras.join(", ") : ""}). Undo (Ctrl+Z) takes the whole write back.`,
		);
		this.refreshPlace();
	}
}
