/** Builds the Express app; listening is main's job. Tests drive this directly with supertest. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Request, type Response } from "express";
import { ApiError, errorHandler, notFound, parseOr } from "./errors";
import { streamEvents, longPollEvents } from "./events-routes";
import type { JobManager } from "./job-manager";
import { loopbackGuard } from "./loopback-guard";
import {
	BRIDGE_CAPS,
	type InfoResponse,
	JOB_DEFAULTS,
	JobIdParamsSchema,
	JobRequestSchema,
	NoQuerySchema,
	PROTOCOL_VERSION,
	SERVER_NAME,
	EventsQuerySchema,
} from "./protocol";

export interface AppDeps {
	jobs: JobManager;
	sessionId: string;
	version: string;
	log?: (line: string) => void;
	/** Defaults to 64 KB: a training config is a few hundred bytes. */
	bodyLimit?: string | number;
	/** The dashboard's files; defaults to bridge/public. The single executable passes its own copy (no files there). */
	dashboard?: DashboardFiles;
}

/** The dashboard's files by name (`index.html`, `dashboard.js`, …), read once: four small files. */
export type DashboardFiles = ReadonlyMap<string, Buffer>;

const PUBLIC_DIR = fileURLToPath(new URL("../public", import.meta.url));

export function dashboardFromDir(dir: string = PUBLIC_DIR): DashboardFiles {
	return new Map(fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name))] as const));
}

const CONTENT_TYPES: Record<string, string> = {
	".html": "text/html; charset=utf-8",
	".css": "text/css; charset=utf-8",
	".js": "text/javascript; charset=utf-8",
	".png": "image/png",
};

/** Serves only the named files (no paths, no dotfiles), so nothing outside the dashboard can be reached. */
function serveDashboard(files: DashboardFiles): express.RequestHandler {
	return (req, res, next) => {
		if (req.method !== "GET" && req.method !== "HEAD") return next();
		const name = req.path === "/" ? "index.html" : req.path.slice(1);
		const body = files.get(name);
		const type = CONTENT_TYPES[path.extname(name)];
		if (body === undefined || type === undefined || name.startsWith(".")) return next();
		res.type(type).send(body);
	};
}

export function createApp(deps: AppDeps) {
	const { jobs } = deps;
	const log = deps.log ?? console.log;
	const app = express();
	app.disable("x-powered-by");
	app.disable("etag");
	app.set("query parser", "simple");

	app.use(loopbackGuard);
	app.use((req, res, next) => {
		res.set({
			"X-Content-Type-Options": "nosniff",
			"Cache-Control": "no-store",
			"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
		});
		// No CORS: a preflight is refused rather than answered with Express's automatic OPTIONS reply.
		if (req.method === "OPTIONS") return next(new ApiError("method_not_allowed", { method: req.method }));
		next();
	});
	app.use(express.json({ limit: deps.bodyLimit ?? "64kb", strict: true, type: "application/json" }));

	const params = (req: Request) => parseOr(JobIdParamsSchema, "params", req.params);
	const noQuery = (req: Request) => parseOr(NoQuerySchema, "query", req.query);

	app.get("/api/info", (req, res) => {
		noQuery(req);
		const info: InfoResponse = {
			name: SERVER_NAME,
			version: deps.version,
			protocolVersion: PROTOCOL_VERSION,
			sessionId: deps.sessionId,
			backend: jobs.backend,
			backendNotes: jobs.backendNotes,
			activeJobId: jobs.activeJobId,
			caps: { ...BRIDGE_CAPS },
			defaults: JOB_DEFAULTS,
		};
		res.json(info);
	});

	app.get("/api/jobs", (req, res) => {
		noQuery(req);
		res.json({ jobs: jobs.list() });
	});

	app.post("/api/jobs", (req, res) => {
		noQuery(req);
		const hasBody =
			req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
		if (req.body === undefined && hasBody) {
			throw new ApiError("unsupported_media_type", { contentType: req.headers["content-type"] ?? null });
		}
		const config = parseOr(JobRequestSchema, "body", req.body ?? {});
		const record = jobs.start(config);
		res.status(202).location(`/api/jobs/${record.id}`).json({ jobId: record.id });
	});

	app.get("/api/jobs/:id", (req, res) => {
		const { id } = params(req);
		noQuery(req);
		res.json(jobs.get(id));
	});

	app.post("/api/jobs/:id/cancel", (req, res) => {
		const { id } = params(req);
		noQuery(req);
		res.status(202).json(jobs.cancel(id));
	});

	app.get("/api/jobs/:id/events", async (req, res) => {
		const { id } = params(req);
		const query = parseOr(EventsQuerySchema, "query", req.query);
		jobs.get(id); // 404 before any streaming starts
		if (query.cursor === undefined) return streamEvents(jobs, id, req, res, query.timeout);
		res.json(await longPollEvents(jobs, id, query.cursor, query.timeout, res));
	});

	app.get("/api/jobs/:id/artifact", async (req, res) => {
		const { id } = params(req);
		noQuery(req);
		res.json(await jobs.readArtifact(id));
	});

	app.get("/api/models", (req, res) => {
		noQuery(req);
		const models = jobs.models().map((r) => ({
			id: r.id,
			name: r.model!.name,
			finishedAt: r.finishedAt!,
			testAccuracy: r.testAccuracy,
			modules: r.model!.modules,
			chars: r.model!.chars,
			config: r.config,
		}));
		res.json({ models });
	});

	app.all(/^\/api(\/|$)/, notFound);
	app.use(serveDashboard(deps.dashboard ?? dashboardFromDir()));
	app.use((req: Request, _res: Response, next) =>
		next(
			req.method === "GET" || req.method === "HEAD"
				? new ApiError("not_found")
				: new ApiError("method_not_allowed", { method: req.method }),
		),
	);
	app.use(errorHandler(log));
	return app;
}

export const BRIDGE_PUBLIC_DIR = path.resolve(PUBLIC_DIR);
