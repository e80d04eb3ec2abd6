/**
 * Where Roblox's default touch controls live, so the panel leaves them free. The numbers are the PlayerModule's own
 * (MaximumADHD/Roblox-Client-Tracker at e7b28587, scripts/PlayerScripts/StarterPlayerScripts/PlayerModule.module/
 * ControlModule/DynamicThumbstick.lua `layoutThumbstickFrame` and TouchJump.lua `Create`; the classic thumbstick in
 * TouchThumbstick.lua sits inside the dynamic zone). Both are laid out in the ControlModule's TouchGui, a ScreenGui
 * with the default (core UI safe) insets, so they share this panel's coordinate space: the ScreenGui's area.
 *
 * The dynamic thumbstick is the default movement control (TouchMovementMode.Default): a touch that begins anywhere in
 * its zone becomes the stick, so the zone must hold nothing that takes touches.
 */
export interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface TouchZones {
	thumbstick: Box;
	jump: Box;
}

/** PlayerModule's "small screen": the shorter side of the touch frame is at most 500 px. */
const SMALL_SCREEN = 500;

/**
 * `width`×`height` is the ScreenGui area (AbsoluteSize); portrait follows the camera viewport, which has the same
 * orientation.
 */
export function touchZones(width: number, height: number): TouchZones {
	const portrait = width < height;
	const thumbstick = portrait
		? { x: 0, y: height * 0.6, w: width, h: height * 0.4 }
		: { x: 0, y: height / 3, w: width * 0.4, h: (height * 2) / 3 };
	const small = math.min(width, height) <= SMALL_SCREEN;
	const size = small ? 70 : 120;
	const jump = {
		x: width - (size * 1.5 - 10),
		y: small ? height - size - 20 : height - size * 1.75,
		w: size,
		h: size,
	};
	return { thumbstick, jump };
}
