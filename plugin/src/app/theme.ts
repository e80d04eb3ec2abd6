/** Colours from Studio's current theme (Rojo App/Theme.lua), re-read whenever ThemeChanged fires. */

export interface Theme {
	name: string;
	background: Color3;
	panel: Color3;
	text: Color3;
	dimText: Color3;
	border: Color3;
	button: Color3;
	buttonText: Color3;
	input: Color3;
	accent: Color3;
	error: Color3;
	good: Color3;
	loss: Color3;
	accuracy: Color3;
}

interface StudioTheme {
	Name: string;
	GetColor(style: Enum.StudioStyleGuideColor, modifier?: Enum.StudioStyleGuideModifier): Color3;
}

export function readTheme(studioTheme: StudioTheme): Theme {
	const color = (style: Enum.StudioStyleGuideColor, fallback: Color3) => {
		const [ok, value] = pcall(() => studioTheme.GetColor(style));
		return ok && typeIs(value, "Color3") ? value : fallback;
	};
	const S = Enum.StudioStyleGuideColor;
	return {
		name: studioTheme.Name,
		background: color(S.MainBackground, Color3.fromRGB(46, 46, 46)),
		panel: color(S.Titlebar, Color3.fromRGB(53, 53, 53)),
		text: color(S.MainText, Color3.fromRGB(204, 204, 204)),
		dimText: color(S.DimmedText, Color3.fromRGB(130, 130, 130)),
		border: color(S.Border, Color3.fromRGB(34, 34, 34)),
		button: color(S.Button, Color3.fromRGB(60, 60, 60)),
		buttonText: color(S.ButtonText, Color3.fromRGB(204, 204, 204)),
		input: color(S.InputFieldBackground, Color3.fromRGB(37, 37, 37)),
		accent: color(S.LinkText, Color3.fromRGB(53, 181, 255)),
		error: color(S.ErrorText, Color3.fromRGB(255, 68, 68)),
		good: Color3.fromRGB(80, 200, 120),
		loss: Color3.fromRGB(255, 140, 60),
		accuracy: Color3.fromRGB(53, 181, 255),
	};
}

export function studioTheme(): StudioTheme {
	return settings().Studio.Theme as unknown as StudioTheme;
}
