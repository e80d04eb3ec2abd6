/**
 * What `digitlab --help` and each command's `--help` print. The README quotes each text under a
 * `<!-- digitlab … --help -->` marker, and tests/node/cli/usage.test.ts keeps the two the same.
 */

export const MAIN_USAGE = `usage: digitlab <command> [options]

Train a digit recogniser from Roblox Studio on your own machine.

commands:
  serve           run the training bridge that the Studio plugin and the dashboard talk to
  train           train a model from the command line and write its artifact folder
  bake            write a trained model into a place file and check it under Lune
  install-plugin  copy the DigitLab plugin into Roblox Studio's plugins folder

options:
  --version       print the version
  --help          print this text; \`digitlab <command> --help\` prints a command's options`;

export const SERVE_USAGE = `usage: digitlab serve [options]

Serves the training bridge on 127.0.0.1 until Ctrl+C. The plugin's panel and the dashboard
(http://127.0.0.1:34873/) connect to it.

  --port N          port: 1025 to 65535 except 1194 (34873, or DIGITLAB_PORT)
  --data-dir DIR    where jobs and finished models are kept (your cache folder, or DIGITLAB_DATA_DIR)
  --install-plugin  copy the plugin into Studio's plugins folder first (as \`digitlab install-plugin\`)
  --no-build        in a clone of the repository: do not build the plugin and the place first`;

export const TRAIN_USAGE = `usage: digitlab train [options]

Trains on MNIST, prints the evaluation tables and writes an artifact folder (the model's modules).

  --model mlp|cnn          model kind (mlp)
  --hidden 256[,128]       hidden dense layer sizes (256)
  --filters 16,32          CNN convolution filters (16,32)
  --epochs N               maximum epochs (30)
  --batch-size N           (128)            --lr X       learning rate (0.002)
  --lr-schedule exponential|cosine   how the rate falls: × lr-decay each epoch, or half a
                           cosine wave to nearly 0 at the last epoch (cosine)
  --lr-decay X             per-epoch factor of the exponential schedule (0.9)
  --label-smoothing X      share of each training target spread over all classes, 0 to 0.3 (0)
  --val-split X            validation fraction of the training set (0.1)
  --patience N             early-stopping patience on validation loss, 0 = off (0)
  --no-augment             train on plain MNIST only (augmentation is on by default)
  --pairs X                share of training samples drawn as two digits side by side, 0 to 0.5;
                           above 0 the model gets an 11th output, "pair" (0.08; 0 without augmentation)
  --quantization float32|int8   weight format (int8)
  --seed N                 (42)             --name NAME
  --train-samples N        cap the training set      --test-samples N   cap the test set
  --backend auto|tfjs-node|wasm|cpu         --trainer fast|fit
  --workers N              worker threads training in parallel (every core)
  --engine kernels|tfjs    what computes each worker's steps: DigitLab's SIMD kernels (kernels), or
                           TF.js, the CNN's former engine (a baseline for comparisons)
  --images P --labels P --test-images P --test-labels P   IDX files (raw or .gz)
  --out DIR                artifact folder (artifacts/<name>-<time>)
  --reuse DIR              skip training: use the finished model in DIR (an artifact folder)
  --place FILE.rbxl        write the model's modules into this place file (as the Studio plugin would)
                           and check under Lune that its runtime reproduces the test accuracy`;

export const BAKE_USAGE = `usage: digitlab bake [options]

Writes a model into a place file as the Studio plugin would, then loads the place under Lune and
checks that its runtime reproduces the model's test accuracy. Needs Lune 0.10 on PATH
(\`rokit add lune-org/lune\`) or DIGITLAB_LUNE.

  --model DIR    a finished model (an artifact folder from \`digitlab train\`); without it, the
                 default model, trained once (a few minutes) and reused while the defaults stay
  --place FILE   the place to write into (DigitLab.rbxl here, made from the demo place when
                 missing; in a clone of the repository: build/DigitLab.rbxl)`;

export const INSTALL_PLUGIN_USAGE = `usage: digitlab install-plugin [options]

Copies the DigitLab plugin (DigitLab.rbxm) into Roblox Studio's plugins folder. Restart Studio
(or reload plugins) afterwards.

  --dir DIR   copy it into this folder instead (it must exist). Studio's is
              %LOCALAPPDATA%\\Roblox\\Plugins on Windows and ~/Documents/Roblox/Plugins on macOS`;

export const USAGE: Record<string, string> = {
	"": MAIN_USAGE,
	serve: SERVE_USAGE,
	train: TRAIN_USAGE,
	bake: BAKE_USAGE,
	"install-plugin": INSTALL_PLUGIN_USAGE,
};
