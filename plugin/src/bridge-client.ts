/**
 * Talks to the bridge over HTTP. HttpService is injected (Lune backs it with @lune/net), every call returns a
 * Result instead of raising, and engine errors are classified into PluginError kinds.
 */
import { followStream, StreamHost } from "./event-stream";
import {
	ArtifactResponse,
	decodeArtifact,
	decodeError,
	decodeHello,
	decodeInfo,
	decodeJobCreated,
	decodeLongPoll,
	InfoResponse,
	isTerminal,
	JobEvent,
	JobRequest,
	LongPollResponse,
	PROTOCOL_VERSION,
	SERVER_NAME,
} from "./protocol";
import { fromRequestError, isTransient, pluginError, PluginError, protocolMismatch } from "./errors";

export type Result<T> = { ok: true; value: T } | { ok: false; error: PluginError };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T>(err: PluginError): Result<T> => ({ ok: false, error: err });

export interface HttpRequest {
	Url: string;
	Method: string;
	Headers?: Record<string, string>;
	Body?: string;
}
export interface HttpResponse {
	Success: boolean;
	StatusCode: number;
	StatusMessage: string;
	Body: string;
}
/** The part of HttpService the client uses; CreateWebStreamClient is looked up at call time (it may be absent). */
export interface HttpLike {
	RequestAsync(request: HttpRequest): HttpResponse;
	JSONEncode(value: unknown): string;
	JSONDecode(json: string): unknown;
}

export interface ClientOptions {
	/** How long the bridge may hold one long-poll request (ms); Roblox requests time out on their own later. */
	pollTimeoutMs?: number;
	/** Reconnect attempts after timeouts/refusals while following a job. */
	maxRetries?: number;
	/** Set false to skip SSE (tests of the long-poll path in a Studio-like fake). */
	useStream?: boolean;
	sleep?: (seconds: number) => void;
}

export type FollowOutcome = Result<JobEvent | undefined>;

export class BridgeClient {
	private readonly pollTimeoutMs: number;
	private readonly maxRetries: number;
	private readonly useStream: boolean;
	private readonly sleep: (seconds: number) => void;
	/** Which transport the last follow() used, for the event log and tests. */
	transport: "sse" | "long-poll" | "none" = "none";
	/** Close functions of open stream clients (Studio allows six at once; plugin.Unloading closes them). */
	private readonly streams = new Set<() => void>();
	private disposed = false;

	constructor(
		private readonly http: HttpLike,
		public baseUrl: string,
		options: ClientOptions = {},
	) {
		this.pollTimeoutMs = options.pollTimeoutMs ?? 15_000;
		this.maxRetries = options.maxRetries ?? 5;
		this.useStream = options.useStream ?? true;
		this.sleep = options.sleep ?? ((seconds) => task.wait(seconds));
	}

	private request(method: string, path: string, body?: unknown): Result<unknown> {
		const url = this.baseUrl + path;
		const request: HttpRequest = { Url: url, Method: method };
		if (body !== undefined) {
			request.Headers = { ["Content-Type"]: "application/json" };
			request.Body = this.http.JSONEncode(body);
		}
		const [sent, response] = pcall(() => this.http.RequestAsync(request));
		if (!sent) return fail(fromRequestError(tostring(response), this.baseUrl));
		const [decoded, value] = pcall(() => this.http.JSONDecode(response.Body));
		if (response.StatusCode >= 400) {
			const bridgeError = decoded ? decodeError(value) : undefined;
			if (bridgeError === undefined) {
				return fail(
					pluginError(
						"bad_response",
						`The bridge answered HTTP ${response.StatusCode} ${response.StatusMessage}.`,
						response.Body,
					),
				);
			}
			const kind = bridgeError.kind === "job_running" ? "job_running" : "bridge_error";
			return fail(pluginError(kind, bridgeError.message, this.http.JSONEncode(bridgeError.details ?? {})));
		}
		if (!decoded)
			return fail(pluginError("bad_response", `${url} did not answer with JSON.`, response.Body.sub(1, 200)));
		return ok(value);
	}

	/** GET /api/info, refusing anything that is not a bridge of our protocol version. */
	handshake(): Result<InfoResponse> {
		const result = this.request("GET", "/api/info");
		if (!result.ok) {
			if (result.error.kind === "bad_response" || result.error.kind === "bridge_error") {
				return fail(
					pluginError(
						"not_a_bridge",
						`Something else answers at ${this.baseUrl}: it is not the DigitLab bridge.`,
						result.error.detail,
					),
				);
			}
			return fail(result.error);
		}
		const hello = decodeHello(result.value);
		if (hello === undefined || hello.name !== SERVER_NAME) {
			return fail(
				pluginError(
					"not_a_bridge",
					`Something else answers at ${this.baseUrl}: it is not the DigitLab bridge.`,
				),
			);
		}
		if (hello.protocolVersion !== PROTOCOL_VERSION)
			return fail(protocolMismatch(hello.protocolVersion, PROTOCOL_VERSION));
		const info = decodeInfo(result.value);
		return info !== undefined
			? ok(info)
			: fail(
					pluginError(
						"bad_response",
						"The bridge's /api/info answer is missing fields of its protocol version.",
					),
				);
	}

	startJob(config: JobRequest): Result<string> {
		const result = this.request("POST", "/api/jobs", config);
		if (!result.ok) return fail(result.error);
		const jobId = decodeJobCreated(result.value);
		return jobId !== undefined
			? ok(jobId)
			: fail(pluginError("bad_response", "The bridge did not return a job id."));
	}

	cancel(jobId: string): Result<undefined> {
		const result = this.request("POST", `/api/jobs/${jobId}/cancel`, {});
		return result.ok ? ok(undefined) : fail(result.error);
	}

	artifact(jobId: string): Result<ArtifactResponse> {
		const result = this.request("GET", `/api/jobs/${jobId}/artifact`);
		if (!result.ok) return fail(result.error);
		const artifact = decodeArtifact(result.value);
		return artifact !== undefined
			? ok(artifact)
			: fail(pluginError("bad_response", "The bridge sent a malformed model artifact."));
	}

	/** `timeoutMs` 0 asks for what the bridge has now, without waiting for more. */
	poll(jobId: string, cursor: number, timeoutMs = this.pollTimeoutMs): Result<LongPollResponse> {
		const result = this.request("GET", `/api/jobs/${jobId}/events?cursor=${cursor}&timeout=${timeoutMs}`);
		if (!result.ok) return fail(result.error);
		const response = decodeLongPoll(result.value);
		return response !== undefined
			? ok(response)
			: fail(pluginError("bad_response", "The bridge sent malformed progress events."));
	}

	/** Points the client at another bridge address (the port setting changed). */
	setBaseUrl(url: string) {
		this.baseUrl = url;
	}

	/** Closes every open stream client at once; for plugin.Unloading, after which no thread of ours runs. */
	dispose() {
		this.disposed = true;
		for (const close of [...this.streams]) close();
		this.streams.clear();
	}

	/**
	 * Delivers every event after `cursor` in order until the terminal one, which it returns. Streams with SSE
	 * when Studio offers it; otherwise, or when the stream breaks, long-polls from the last cursor seen.
	 * Returns ok(undefined) when `isStopped` turns true.
	 */
	follow(jobId: string, cursor: number, onEvent: (event: JobEvent) => void, isStopped: () => boolean): FollowOutcome {
		let last = cursor;
		const stopped = () => this.disposed || isStopped();
		const deliver = (event: JobEvent) => {
			if (event.cursor <= last) return false;
			last = event.cursor;
			onEvent(event);
			return isTerminal(event);
		};
		if (this.useStream) {
			this.transport = "sse";
			const streamed = followStream(this.http as unknown as StreamHost, {
				url: `${this.baseUrl}/api/jobs/${jobId}/events`,
				cursor: () => last,
				deliver,
				refill: (after) => {
					const result = this.poll(jobId, after, 0);
					return result.ok ? result.value.events : undefined;
				},
				isStopped: stopped,
				sleep: this.sleep,
				track: (close) => {
					this.streams.add(close);
					return () => this.streams.delete(close);
				},
			});
			if (streamed !== undefined) return ok(streamed);
		}
		this.transport = "long-poll";
		let failures = 0;
		while (!stopped()) {
			const result = this.poll(jobId, last);
			if (!result.ok) {
				if (!isTransient(result.error) || failures >= this.maxRetries) return fail(result.error);
				failures += 1;
				this.sleep(math.min(2 ** failures * 0.25, 4));
				continue;
			}
			failures = 0;
			for (const event of result.value.events) {
				if (deliver(event)) return ok(event);
			}
			if (result.value.status !== "running" && result.value.events.size() === 0) {
				return fail(pluginError("bad_response", "The job ended without a final event."));
			}
		}
		return ok(undefined);
	}
}
