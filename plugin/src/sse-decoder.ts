/**
 * Server-Sent Events framing, fed with whatever pieces the stream client hands over. Studio's WebStreamClient
 * fires MessageReceived once per socket read, so one message may hold several events, or part of one cut
 * anywhere (mid-line, mid-UTF-8 character). Bytes are buffered across messages and an event is complete only at
 * its blank line, as the SSE format defines (lines end in LF, CRLF or CR; `data:` lines join with LF; lines
 * starting with `:` are comments; one space after the colon is dropped).
 */

export interface SseEvent {
	id?: string;
	event?: string;
	data: string;
}

export class SseDecoder {
	private buffer = "";
	private data: string[] = [];
	private id?: string;
	private eventName?: string;
	private sawField = false;

	/** Feeds one message; returns the events it completed, in order. */
	push(chunk: string): SseEvent[] {
		const out: SseEvent[] = [];
		// Studio may hand over an event's data rather than the raw framing (only Studio can tell which it does);
		// a message that starts a fresh event with "{" cannot be SSE framing, so take it as one event's data.
		if (this.buffer === "" && !this.sawField && chunk.sub(1, 1) === "{") {
			out.push({ data: chunk });
			return out;
		}
		this.buffer += chunk;
		for (;;) {
			const [at] = this.buffer.find("[\r\n]");
			if (at === undefined) break;
			let after = at + 1;
			if (this.buffer.sub(at, at) === "\r") {
				// A CR at the very end may be the first half of a CRLF: wait for the next piece.
				if (at === this.buffer.size()) break;
				if (this.buffer.sub(at + 1, at + 1) === "\n") after = at + 2;
			}
			const line = this.buffer.sub(1, at - 1);
			this.buffer = this.buffer.sub(after);
			const event = this.line(line);
			if (event !== undefined) out.push(event);
		}
		return out;
	}

	private line(line: string): SseEvent | undefined {
		if (line === "") {
			const complete =
				this.data.size() > 0 ? { id: this.id, event: this.eventName, data: this.data.join("\n") } : undefined;
			this.data = [];
			this.eventName = undefined;
			this.sawField = false;
			return complete;
		}
		this.sawField = true;
		if (line.sub(1, 1) === ":") return undefined;
		const [colon] = line.find(":", 1, true);
		const field = colon === undefined ? line : line.sub(1, colon - 1);
		let value = colon === undefined ? "" : line.sub(colon + 1);
		if (value.sub(1, 1) === " ") value = value.sub(2);
		if (field === "data") this.data.push(value);
		else if (field === "id") this.id = value;
		else if (field === "event") this.eventName = value;
		return undefined;
	}
}
