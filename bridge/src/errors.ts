/** The fixed set of error kinds, each with its status and one message that tells the user what to do. */
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { z } from "zod";
import type { ErrorKind, ErrorResponse } from "./protocol";

const ERRORS: Record<ErrorKind, { status: number; message: string }> = {
	bad_json: { status: 400, message: "The request body is not valid JSON. Send a JSON object." },
	invalid_request: { status: 400, message: "Some fields are invalid (listed in details). Fix them and send again." },
	unsupported_media_type: {
		status: 415,
		message: "Send the request body as JSON with the header Content-Type: application/json.",
	},
	payload_too_large: {
		status: 413,
		message: "The request body is too large. Training configs are small: send only the config.",
	},
	forbidden_host: {
		status: 403,
		message: "The bridge only answers requests addressed to localhost or 127.0.0.1. Use http://127.0.0.1:<port>.",
	},
	forbidden_origin: {
		status: 403,
		message:
			"The bridge refuses requests from web pages on other sites. Open the dashboard from http://127.0.0.1:<port>.",
	},
	not_found: {
		status: 404,
		message: "No such endpoint. Check the bridge and plugin versions match (GET /api/info).",
	},
	method_not_allowed: { status: 405, message: "This endpoint does not accept that method." },
	job_not_found: {
		status: 404,
		message: "No job with that id. List jobs with GET /api/jobs; the bridge may use another data folder.",
	},
	job_running: { status: 409, message: "Another training job is running. Wait for it to finish or cancel it first." },
	job_not_running: { status: 409, message: "That job has already finished, so there is nothing to cancel." },
	artifact_not_ready: {
		status: 409,
		message: "That job has no model (it is still running, failed or was cancelled). Wait for the done event.",
	},
	internal: { status: 500, message: "The bridge hit an unexpected error. Check the bridge's console and report it." },
};

export class ApiError extends Error {
	constructor(
		readonly kind: ErrorKind,
		readonly details: unknown = null,
	) {
		super(ERRORS[kind].message);
	}
	get status() {
		return ERRORS[this.kind].status;
	}
	toBody(): ErrorResponse {
		return { kind: this.kind, message: this.message, details: this.details };
	}
}

/** Validation failures list each bad field so the plugin can highlight it. */
export function invalid(where: "body" | "params" | "query", error: z.ZodError) {
	return new ApiError(
		"invalid_request",
		error.issues.map((issue) => ({ where, path: issue.path.map(String).join("."), message: issue.message })),
	);
}

export function parseOr<T>(schema: z.ZodType<T>, where: "body" | "params" | "query", value: unknown): T {
	const result = schema.safeParse(value);
	if (!result.success) throw invalid(where, result.error);
	return result.data;
}

/** body-parser and the router report client mistakes as errors carrying a 4xx status and a `type`. */
function classify(err: unknown): ApiError {
	if (err instanceof ApiError) return err;
	const e = err as { status?: unknown; statusCode?: unknown; type?: unknown } | null;
	const status = typeof e?.status === "number" ? e.status : typeof e?.statusCode === "number" ? e.statusCode : 500;
	if (e?.type === "entity.parse.failed") return new ApiError("bad_json");
	if (status === 413) return new ApiError("payload_too_large");
	if (status === 415) return new ApiError("unsupported_media_type", { reason: String(e?.type ?? "") });
	if (status >= 400 && status < 500)
		return new ApiError("invalid_request", [
			{ where: "request", path: "", message: String((err as Error).message ?? err) },
		]);
	return new ApiError("internal");
}

export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
	return (err, _req, res, next) => {
		if (res.headersSent) return next(err);
		const apiError = classify(err);
		if (apiError.kind === "internal") log(`internal error: ${(err as Error)?.stack ?? String(err)}`);
		res.status(apiError.status).json(apiError.toBody());
	};
}

export const notFound: RequestHandler = (_req, _res, next) => next(new ApiError("not_found"));
