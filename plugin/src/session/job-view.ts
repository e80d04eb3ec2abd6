/** What the panel shows of a job, and how each event changes it (pure: a view and an event in, a view out). */
import { EvaluatedEvent, JobEvent, JobEventBody } from "../protocol";

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

export function newJobView(id: string): JobView {
	return { id, progress: { epoch: 0, epochs: 0, batch: 0, batches: 0, fraction: 0 }, history: [], cancelling: false };
}

/** The view after `event`, and the log line it deserves (if any). */
export function applyEvent(job: JobView, event: JobEvent): { view: JobView; line?: string } {
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
			fraction: math.clamp(
				(event.epoch - 1 + event.batch / math.max(event.batches, 1)) / math.max(event.epochs, 1),
				0,
				1,
			),
		};
	} else if (event.type === "epoch") {
		view.history = [
			...job.history,
			{
				epoch: event.epoch,
				loss: event.loss,
				accuracy: event.accuracy,
				valLoss: event.valLoss,
				valAccuracy: event.valAccuracy,
			},
		];
		view.progress = {
			...job.progress,
			epoch: event.epoch,
			epochs: event.epochs,
			batch: job.progress.batches,
			etaSeconds: event.etaSeconds,
			fraction: math.clamp(event.epoch / math.max(event.epochs, 1), 0, 1),
		};
		line = string.format(
			"Epoch %d/%d: loss %.4f, accuracy %.2f%%, validation %.2f%% (%.1f s)",
			event.epoch,
			event.epochs,
			event.loss,
			event.accuracy * 100,
			event.valAccuracy * 100,
			event.seconds,
		);
	} else if (event.type === "evaluated") {
		view.evaluation = event;
		view.progress = { ...view.progress, fraction: 1, etaSeconds: 0 };
		line = string.format("Test accuracy %.2f%%", event.testAccuracy * 100);
	} else if (event.type === "exported") {
		line = `Exported ${event.modules} modules (${event.chars} characters)`;
	} else if (event.type === "done") {
		line = `Model ${event.name} ready in ${string.format("%.1f", event.seconds)} s`;
	}
	return { view, line };
}
