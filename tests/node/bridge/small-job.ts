/** The real training job tests run: seconds on a shared 2-core machine, yet through every stage of the trainer. */
export const SMALL_REAL_JOB = {
	epochs: 1,
	hidden: [16],
	trainSamples: 2000,
	testSamples: 500,
	batchSize: 32,
	learningRate: 0.005,
	seed: 7,
};
