/**
 * Follows a job's events over Studio's WebStreamClient (SSE). Messages are only queued by the signal handlers;
 * this thread decodes them in order (SseDecoder), drops duplicates, and refills gaps in cursors from the
 * long-poll endpoint before going on (see protocol.ts for what counts as a gap). Returns the terminal event,
 * or undefined when the stream is unavailable, broke, or was stopped — the caller then long-polls from the last
 * delivered cursor, so nothing is lost either way.
 */
import { decodeEvent, isTerminal, JobEvent } from "./protocol";
import { SseDecoder } from "./sse-decoder";

export interface StreamClient {
	Opened: RBXScriptSignal<(status: number, headers: string) => void>;
	MessageReceived: RBXScriptSignal<(message: string) => void>;
	Error: RBXScriptSignal<(status: number, message: string) => void>;
	Closed: RBXScriptSignal<() => void>;
	Close(): void;
}

/** HttpService as far as streaming goes; CreateWebStreamClient is absent in older Studios (and may be in Lune). */
export interface StreamHost {
	CreateWebStreamClient(kind: unknown, options: object): StreamClient;
	JSONDecode(json: string): unknown;
}

export interface StreamFollow {
	url: string;
	/** Last cursor delivered; updated as events are delivered. */
	cursor: () => number;
	/** Delivers one event (duplicates already dropped); true when it was the terminal one. */
	deliver: (event: JobEvent) => boolean;
	/** Events after `cursor` from the long-poll endpoint, or undefined when that failed. */
	refill: (cursor: number) => JobEvent[] | undefined;
	isStopped: () => boolean;
	sleep: (seconds: number) => void;
	/** Keeps the open client where plugin.Unloading can close it; returns the release function. */
	track: (close: () => void) => () => void;
}

/** WebStreamClientType.SSE where the enum exists; its name otherwise (Studio converts enum names for arguments). */
function sseKind(): unknown {
	const [found, kind] = pcall(
		() => (Enum as unknown as { WebStreamClientType: { SSE: unknown } }).WebStreamClientType.SSE,
	);
	return found ? kind : "SSE";
}

export function followStream(host: StreamHost, follow: StreamFollow): JobEvent | undefined {
	const [created, client] = pcall(() =>
		host.CreateWebStreamClient(sseKind(), {
			Url: follow.url,
			Method: "GET",
			Headers: { ["Last-Event-ID"]: tostring(follow.cursor()), Accept: "text/event-stream" },
		}),
	);
	if (!created || client === undefined) return undefined;

	const queue: string[] = [];
	let ended = false;
	const connections = [
		client.MessageReceived.Connect((message) => {
			queue.push(message);
		}),
		client.Error.Connect(() => (ended = true)),
		client.Closed.Connect(() => (ended = true)),
	];
	let released = false;
	const close = () => {
		if (released) return;
		released = true;
		for (const connection of connections) connection.Disconnect();
		pcall(() => client.Close());
	};
	const untrack = follow.track(close);

	const decoder = new SseDecoder();
	let terminal: JobEvent | undefined;
	let broken = false;
	const handle = (event: JobEvent) => {
		if (event.cursor <= follow.cursor()) return;
		if (event.cursor > follow.cursor() + 1) {
			const missing = follow.refill(follow.cursor());
			if (missing === undefined) {
				broken = true;
				return;
			}
			for (const earlier of missing) {
				if (earlier.cursor > follow.cursor() && earlier.cursor < event.cursor && follow.deliver(earlier)) {
					terminal = earlier;
					return;
				}
			}
		}
		if (follow.deliver(event)) terminal = event;
	};

	while (terminal === undefined && !broken && !follow.isStopped() && !released) {
		const message = queue.shift();
		if (message === undefined) {
			if (ended) break;
			follow.sleep(0.05);
			continue;
		}
		for (const sse of decoder.push(message)) {
			const [parsed, value] = pcall(() => host.JSONDecode(sse.data));
			// Unknown event kinds from a newer bridge are skipped; a mangled one shows up as a gap and is refilled.
			const event = parsed ? decodeEvent(value) : undefined;
			if (event !== undefined) handle(event);
			if (terminal !== undefined || broken) break;
		}
	}
	close();
	untrack();
	return terminal !== undefined && isTerminal(terminal) ? terminal : undefined;
}
