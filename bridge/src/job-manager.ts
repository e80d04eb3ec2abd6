/**
 * One training job at a time, each with a cursor-ordered event queue (Rojo's message queue) that SSE and
 * long-poll clients read from any cursor. Durable state goes through JobStore.
 */
import { randomUUID } from "node:crypto";
import { ApiError } from "./errors";
import type { JobStore } from "./job-store";
import type { ArtifactResponse, JobEvent, JobEventBody, JobRecord, JobRequest } from "./protocol";
import type { TrainingEvent, TrainingHooks, TrainingResult } from "./training-api";

export interface RunnerHooks extends Required<TrainingHooks> {
	/** Where the runner may write the Luau module folder for people who want files on disk. */
	artifactFolder: string;
}
/** Same contract as the trainer's runTraining; the real one runs it in a worker thread. */
export type JobRunner = (config: JobRequest, hooks: RunnerHooks) => Promise<TrainingResult>;

interface Job {
	record: JobRecord;
	events: JobEvent[];
	listeners: Set<(event: JobEvent) => void>;
	abort?: AbortController;
	lastBatchAt: number;
}

export interface JobManagerOptions {
	store: JobStore;
	runner: JobRunner;
	log: (line: string) => void;
	/** Batch events closer together than this are dropped (the epoch event carries the final numbers). */
	batchThrottleMs?: number;
}

const isTerminal = (status: JobRecord["status"]) => status !== "running";

export class JobManager {
	private readonly jobs = new Map<string, Job>();
	private activeId: string | null = null;
	/** The TF.js backend the last job reported; before any job, the caller's best guess. */
	backend: string;
	/** Why the other backends were skipped (tfjs-node: not installed, or its load error), from the same source. */
	backendNotes: string[];

	constructor(
		private readonly options: JobManagerOptions,
		initialBackend: string,
		initialNotes: string[] = [],
	) {
		this.backend = initialBackend;
		this.backendNotes = initialNotes;
	}

	/** Loads saved jobs; a job the previous process left running can never resume, so it becomes failed. */
	async recover() {
		for (const stored of await this.options.store.loadAll(this.options.log)) {
			const job: Job = { ...stored, listeners: new Set(), lastBatchAt: 0 };
			this.jobs.set(job.record.id, job);
			if (job.record.status === "running") {
				this.finish(job, "failed", {
					type: "failed",
					reason: "interrupted",
					message: "The bridge stopped while this job was running. Start the job again.",
				});
			}
		}
		await this.options.store.flush();
	}

	get activeJobId() {
		return this.activeId;
	}

	start(config: JobRequest): JobRecord {
		if (this.activeId) throw new ApiError("job_running", { jobId: this.activeId });
		const id = randomUUID();
		const job: Job = {
			record: {
				id,
				status: "running",
				config,
				createdAt: new Date().toISOString(),
				finishedAt: null,
				backend: null,
				cursor: 0,
				progress: null,
				testAccuracy: null,
				error: null,
				model: null,
			},
			events: [],
			listeners: new Set(),
			abort: new AbortController(),
			lastBatchAt: 0,
		};
		this.jobs.set(id, job);
		this.activeId = id;
		this.persist(job);
		void this.run(job, config);
		return job.record;
	}

	cancel(id: string): JobRecord {
		const job = this.require(id);
		if (isTerminal(job.record.status))
			throw new ApiError("job_not_running", { jobId: id, status: job.record.status });
		job.abort?.abort();
		return job.record;
	}

	get(id: string): JobRecord {
		return this.require(id).record;
	}

	list(): JobRecord[] {
		return [...this.jobs.values()].map((j) => j.record).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
	}

	models(): JobRecord[] {
		return this.list()
			.filter((r) => r.status === "done" && r.model)
			.sort((a, b) => (b.finishedAt ?? "").localeCompare(a.finishedAt ?? ""));
	}

	eventsAfter(id: string, cursor: number): JobEvent[] {
		// Cursors are increasing but may have gaps (batch events are not persisted), so filter rather than slice.
		return this.require(id).events.filter((e) => e.cursor > cursor);
	}

	/** Calls `listener` for every future event of the job; returns the unsubscribe function. */
	subscribe(id: string, listener: (event: JobEvent) => void): () => void {
		const job = this.require(id);
		job.listeners.add(listener);
		return () => job.listeners.delete(listener);
	}

	async readArtifact(id: string): Promise<ArtifactResponse> {
		const job = this.require(id);
		if (job.record.status !== "done")
			throw new ApiError("artifact_not_ready", { jobId: id, status: job.record.status });
		return this.options.store.readArtifact(id);
	}

	/** On SIGINT/SIGTERM: stop the running job and record it as interrupted before the process goes. */
	async shutdown() {
		const job = this.activeId ? this.jobs.get(this.activeId) : undefined;
		if (job) {
			this.finish(job, "failed", {
				type: "failed",
				reason: "interrupted",
				message: "The bridge was shut down while this job was running. Start the job again.",
			});
			job.abort?.abort();
		}
		await this.options.store.flush();
	}

	private require(id: string): Job {
		const job = this.jobs.get(id);
		if (!job) throw new ApiError("job_not_found", { jobId: id });
		return job;
	}

	private async run(job: Job, config: JobRequest) {
		const started = Date.now();
		const { store, runner, log } = this.options;
		try {
			const result = await runner(config, {
				onEvent: (event) => this.onTrainingEvent(job, event),
				signal: job.abort!.signal,
				log: (line) => log(`[job ${job.record.id.slice(0, 8)}] ${line}`),
				artifactFolder: store.artifactFolder(job.record.id),
			});
			if (isTerminal(job.record.status)) return;
			const { artifact, summary } = result;
			await store.saveArtifact({
				jobId: job.record.id,
				formatVersion: artifact.formatVersion,
				modules: artifact.modules,
				// Plain JSON objects from the trainer; the wire schema describes them as records.
				manifest: artifact.manifest as unknown as Record<string, unknown>,
				summary: summary as Record<string, unknown>,
			});
			const chars = artifact.modules.reduce((sum, m) => sum + m.source.length, 0);
			job.record.model = { name: artifact.manifest.name, modules: artifact.modules.length, chars };
			if (job.record.progress) job.record.progress = { ...job.record.progress, fraction: 1 };
			this.finish(job, "done", {
				type: "done",
				modelId: job.record.id,
				name: artifact.manifest.name,
				testAccuracy: job.record.testAccuracy,
				modules: artifact.modules.length,
				chars,
				seconds: (Date.now() - started) / 1000,
			});
		} catch (err) {
			if (isTerminal(job.record.status)) return;
			const e = err as { name?: string; message?: string; exitCode?: number };
			if (e?.name === "AbortError") this.finish(job, "cancelled", { type: "cancelled" });
			else {
				log(`[job ${job.record.id.slice(0, 8)}] failed: ${e?.message ?? String(err)}`);
				const reason = e?.name === "WorkerExitError" ? "worker_exit" : "error";
				this.finish(job, "failed", { type: "failed", reason, message: e?.message ?? String(err) });
			}
		}
	}

	private onTrainingEvent(job: Job, event: TrainingEvent) {
		if (isTerminal(job.record.status)) return;
		const record = job.record;
		switch (event.type) {
			case "started":
				record.backend = event.backend;
				this.backend = event.backend;
				this.backendNotes = event.backendNotes;
				break;
			case "batch": {
				const now = Date.now();
				if (now - job.lastBatchAt < (this.options.batchThrottleMs ?? 250)) return;
				job.lastBatchAt = now;
				record.progress = progress(event.epoch, event.epochs, event.batch, event.batches);
				break;
			}
			case "epoch":
				record.progress = progress(event.epoch, event.epochs, 1, 1);
				break;
			case "evaluated":
				record.testAccuracy = event.testAccuracy;
				break;
		}
		this.emit(job, event);
		if (event.type !== "batch") this.persist(job);
	}

	private finish(job: Job, status: JobRecord["status"], event: JobEventBody) {
		job.record.status = status;
		job.record.finishedAt = new Date().toISOString();
		if (event.type === "failed") job.record.error = { reason: event.reason, message: event.message };
		// Free the slot before clients hear the terminal event, so they can start the next job at once.
		if (this.activeId === job.record.id) this.activeId = null;
		this.emit(job, event);
		this.persist(job);
	}

	private emit(job: Job, body: JobEventBody) {
		const event = { ...body, cursor: job.record.cursor + 1, at: new Date().toISOString() } as JobEvent;
		job.record.cursor = event.cursor;
		job.events.push(event);
		for (const listener of job.listeners) listener(event);
	}

	private persist(job: Job) {
		const kept = job.events.filter((e) => e.type !== "batch");
		this.options.store
			.saveJob(job.record, kept)
			.catch((err) => this.options.log(`could not save job ${job.record.id}: ${err}`));
	}
}

/** Epochs and batches are 1-based in the trainer's events. */
function progress(epoch: number, epochs: number, batch: number, batches: number) {
	const fraction = epochs > 0 && batches > 0 ? (epoch - 1 + batch / batches) / epochs : 0;
	return { epoch, epochs, batch, batches, fraction: Math.min(1, Math.max(0, fraction)) };
}
