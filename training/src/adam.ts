import * as tf from "@tensorflow/tfjs";

/** Adam with a settable learning rate (tf.train.adam keeps it private), updating variables in place. */
export class Adam {
	private readonly m: tf.Variable[];
	private readonly v: tf.Variable[];
	private t = 0;

	constructor(
		private readonly variables: tf.Variable[],
		public learningRate: number,
		private readonly beta1 = 0.9,
		private readonly beta2 = 0.999,
		private readonly epsilon = 1e-7,
	) {
		this.m = variables.map((x) => tf.variable(tf.zerosLike(x), false));
		this.v = variables.map((x) => tf.variable(tf.zerosLike(x), false));
	}

	apply(grads: tf.Tensor[]): void {
		this.t++;
		const correction = Math.sqrt(1 - this.beta2 ** this.t) / (1 - this.beta1 ** this.t);
		const step = this.learningRate * correction;
		tf.tidy(() => {
			this.variables.forEach((x, i) => {
				const g = grads[i]!;
				const m = tf.add(tf.mul(this.m[i]!, this.beta1), tf.mul(g, 1 - this.beta1));
				const v = tf.add(tf.mul(this.v[i]!, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
				this.m[i]!.assign(m);
				this.v[i]!.assign(v);
				x.assign(tf.sub(x, tf.mul(tf.div(m, tf.add(tf.sqrt(v), this.epsilon)), step)));
			});
		});
	}

	dispose(): void {
		for (const t of [...this.m, ...this.v]) t.dispose();
	}
}
