/**
 * Pointer input → board strokes, following the engine's input model rather than the happy path:
 * - A stroke starts only from a press that begins on the board (UserInputState Begin). A touch that began elsewhere
 *   (a thumbstick drag, a camera swipe) reaches the board's InputBegan with state Change when it slides over it; Roblox's
 *   own TouchJump and TouchThumbstick ignore those too.
 * - One input owns the stroke; a second finger never steals it.
 * - The stroke ends when its input ends or is cancelled, and also when the escape menu opens, the window loses focus
 *   or the board is hidden: the engine does not promise an InputEnded for a release that happens there. An input the
 *   engine has already marked End/Cancel is stale (its end was lost) and gives way to the next press.
 */
export interface StrokeSink {
	begin(x: number, y: number): void;
	move(x: number, y: number): void;
	finish(): void;
}

export interface PointerOptions {
	board: GuiObject;
	userInput: UserInputService;
	guiService?: GuiService;
	/** screen position → board units */
	toBoard: (position: Vector3) => [number, number];
	sink: StrokeSink;
}

export interface Pointer {
	/** Ends the stroke in progress, if any (hidden board, menu, lost focus). */
	drop: () => void;
	/** Once per frame: ends a stroke whose input the engine has already ended without telling us. */
	poll: () => void;
	connections: RBXScriptConnection[];
}

function isPress(input: InputObject): boolean {
	return input.UserInputType === Enum.UserInputType.MouseButton1 || input.UserInputType === Enum.UserInputType.Touch;
}

function hasEnded(input: InputObject): boolean {
	return input.UserInputState === Enum.UserInputState.End || input.UserInputState === Enum.UserInputState.Cancel;
}

export function bindPointer(options: PointerOptions): Pointer {
	const { board, userInput, sink, toBoard } = options;
	let active: InputObject | undefined;
	let lastX = -1;
	let lastY = -1;

	const drop = () => {
		if (!active) return;
		active = undefined;
		sink.finish();
	};
	// A mouse stroke moves with MouseMovement objects; a touch stroke with its own object.
	const owns = (input: InputObject) =>
		active !== undefined &&
		(active.UserInputType === Enum.UserInputType.Touch
			? input === active
			: input.UserInputType === Enum.UserInputType.MouseMovement ||
				input.UserInputType === Enum.UserInputType.MouseButton1);

	const onBegan = (input: InputObject) => {
		if (!isPress(input) || input.UserInputState !== Enum.UserInputState.Begin) return;
		if (active) {
			if (!hasEnded(active)) return;
			drop();
		}
		active = input;
		lastX = input.Position.X;
		lastY = input.Position.Y;
		const [x, y] = toBoard(input.Position);
		sink.begin(x, y);
	};
	// The engine reports a move to both the board and UserInputService; the position check drops the echo.
	const onChanged = (input: InputObject) => {
		if (!owns(input)) return;
		if (input.UserInputState === Enum.UserInputState.Cancel) return drop();
		if (input.Position.X === lastX && input.Position.Y === lastY) return;
		lastX = input.Position.X;
		lastY = input.Position.Y;
		const [x, y] = toBoard(input.Position);
		sink.move(x, y);
	};
	// Only a real end: a board may also report a touch sliding off it, which is not a release.
	const onEnded = (input: InputObject) => {
		if (!owns(input) || input.UserInputType === Enum.UserInputType.MouseMovement || !hasEnded(input)) return;
		drop();
	};

	const connections = [
		board.InputBegan.Connect(onBegan),
		board.InputChanged.Connect(onChanged),
		userInput.InputChanged.Connect(onChanged),
		board.InputEnded.Connect(onEnded),
		userInput.InputEnded.Connect(onEnded),
		userInput.WindowFocusReleased.Connect(drop),
	];
	if (options.guiService) connections.push(options.guiService.MenuOpened.Connect(drop));

	return {
		drop,
		poll: () => {
			if (active && hasEnded(active)) drop();
		},
		connections,
	};
}
