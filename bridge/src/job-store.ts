/**
 * Job records and finished artifacts on disk: `<dataDir>/jobs/<uuid>/{job.json,artifact.json,artifact/}`.
 * Every write is temp file + rename, so a crash leaves either the old file or the new one, never half of one.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
	type ArtifactResponse,
	ArtifactResponseSchema,
	type JobEvent,
	JobEventSchema,
	JobIdSchema,
	type JobRecord,
	JobRecordSchema,
} from "./protocol";

const StoredJobSchema = z.object({ record: JobRecordSchema, events: z.array(JobEventSchema) });
export type StoredJob = z.infer<typeof StoredJobSchema>;

export async function writeFileAtomic(file: string, data: string) {
	const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
	const handle = await fs.promises.open(temp, "w");
	try {
		await handle.writeFile(data, "utf8");
		await handle.sync();
	} finally {
		await handle.close();
	}
	await fs.promises.rename(temp, file);
}

export class JobStore {
	readonly jobsDir: string;
	/** Writes to one job's files are chained so an older snapshot can never overwrite a newer one. */
	private readonly chains = new Map<string, Promise<unknown>>();

	constructor(readonly dataDir: string) {
		this.jobsDir = path.join(dataDir, "jobs");
	}

	/** The only way a path is built from an id: anything that is not a UUID is refused before it reaches `path`. */
	jobDir(id: string) {
		return path.join(this.jobsDir, JobIdSchema.parse(id));
	}

	artifactFolder(id: string) {
		return path.join(this.jobDir(id), "artifact");
	}

	/** Loads every readable job; unreadable ones are reported and skipped rather than taking the bridge down. */
	async loadAll(log: (line: string) => void): Promise<StoredJob[]> {
		await fs.promises.mkdir(this.jobsDir, { recursive: true });
		const jobs: StoredJob[] = [];
		for (const name of await fs.promises.readdir(this.jobsDir)) {
			if (!JobIdSchema.safeParse(name).success) continue;
			const dir = this.jobDir(name);
			for (const leftover of await fs.promises.readdir(dir).catch(() => [])) {
				if (leftover.includes(".tmp-"))
					await fs.promises.rm(path.join(dir, leftover), { recursive: true, force: true });
			}
			try {
				const parsed = StoredJobSchema.parse(
					JSON.parse(await fs.promises.readFile(path.join(dir, "job.json"), "utf8")),
				);
				if (parsed.record.id === name) jobs.push(parsed);
			} catch (err) {
				log(`skipping unreadable job ${name}: ${(err as Error).message}`);
			}
		}
		return jobs;
	}

	saveJob(record: JobRecord, events: JobEvent[]): Promise<void> {
		const json = JSON.stringify({ record, events } satisfies StoredJob);
		return this.chain(record.id, async () => {
			await fs.promises.mkdir(this.jobDir(record.id), { recursive: true });
			await writeFileAtomic(path.join(this.jobDir(record.id), "job.json"), json);
		});
	}

	saveArtifact(artifact: ArtifactResponse): Promise<void> {
		return this.chain(artifact.jobId, async () => {
			await fs.promises.mkdir(this.jobDir(artifact.jobId), { recursive: true });
			await writeFileAtomic(path.join(this.jobDir(artifact.jobId), "artifact.json"), JSON.stringify(artifact));
		});
	}

	async readArtifact(id: string): Promise<ArtifactResponse> {
		const text = await fs.promises.readFile(path.join(this.jobDir(id), "artifact.json"), "utf8");
		return ArtifactResponseSchema.parse(JSON.parse(text));
	}

	/** Resolves when every write queued so far has landed. */
	async flush() {
		await Promise.allSettled([...this.chains.values()]);
	}

	private chain(id: string, write: () => Promise<void>): Promise<void> {
		const next = (this.chains.get(id) ?? Promise.resolve()).catch(() => undefined).then(write);
		this.chains.set(id, next);
		return next;
	}
}
