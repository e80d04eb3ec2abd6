// The Node-side tsconfig has no DOM lib, which is where TypeScript keeps the WebAssembly JS API. These are the pieces
// the training kernels use; Node implements all of them.
declare global {
	namespace WebAssembly {
		interface MemoryDescriptor {
			initial: number;
			maximum?: number;
			shared?: boolean;
		}
		class Memory {
			constructor(descriptor: MemoryDescriptor);
			readonly buffer: ArrayBufferLike;
		}
		class Module {
			constructor(bytes: Uint8Array);
		}
		class Instance {
			constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
			readonly exports: Record<string, unknown>;
		}
		function validate(bytes: Uint8Array): boolean;
	}
}
export {};
