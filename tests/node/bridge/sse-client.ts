/** A minimal SSE reader for tests (Node has no EventSource): returns the parsed events and their SSE ids. */
import type { JobEvent } from "../../../bridge/src/protocol";

export async function readSse(url: string, options: { lastEventId?: number; stopAfter?: number } = {}) {
	const controller = new AbortController();
	const headers: Record<string, string> = { accept: "text/event-stream" };
	if (options.lastEventId !== undefined) headers["last-event-id"] = String(options.lastEventId);
	const res = await fetch(url, { headers, signal: controller.signal });
	const events: JobEvent[] = [];
	const ids: string[] = [];
	const decoder = new TextDecoder();
	let buffer = "";
	const reader = res.body!.getReader();
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			buffer += decoder.decode(value, { stream: true });
			let end: number;
			while ((end = buffer.indexOf("\n\n")) >= 0) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				const data = block
					.split("\n")
					.filter((l) => l.startsWith("data: "))
					.map((l) => l.slice(6));
				const id = block.split("\n").find((l) => l.startsWith("id: "));
				if (data.length === 0) continue;
				events.push(JSON.parse(data.join("\n")) as JobEvent);
				if (id) ids.push(id.slice(4));
				if (options.stopAfter !== undefined && events.length >= options.stopAfter) {
					controller.abort();
					return { status: res.status, contentType: res.headers.get("content-type") ?? "", events, ids };
				}
			}
		}
	} catch (err) {
		if ((err as Error).name !== "AbortError") throw err;
	}
	return { status: res.status, contentType: res.headers.get("content-type") ?? "", events, ids };
}
