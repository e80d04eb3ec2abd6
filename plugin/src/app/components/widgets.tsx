import Roact from "@rbxts/roact";
import { Theme } from "../theme";

/** A wrapped text line that grows with its text (AutomaticSize: no layout math needed). */
export function Label(props: {
	Key?: string;
	text: string;
	theme: Theme;
	order?: number;
	color?: Color3;
	bold?: boolean;
	size?: number;
}) {
	return (
		<textlabel
			LayoutOrder={props.order ?? 0}
			Size={new UDim2(1, 0, 0, 0)}
			AutomaticSize={Enum.AutomaticSize.Y}
			BackgroundTransparency={1}
			Font={props.bold ? Enum.Font.SourceSansBold : Enum.Font.SourceSans}
			TextSize={props.size ?? 14}
			TextWrapped={true}
			TextXAlignment={Enum.TextXAlignment.Left}
			TextColor3={props.color ?? props.theme.text}
			Text={props.text}
		/>
	);
}

export function Button(props: {
	text: string;
	theme: Theme;
	order?: number;
	onClick: () => void;
	width?: number;
	primary?: boolean;
}) {
	return (
		<textbutton
			LayoutOrder={props.order ?? 0}
			Size={new UDim2(0, props.width ?? 100, 0, 28)}
			BackgroundColor3={props.primary ? props.theme.accent : props.theme.button}
			BorderColor3={props.theme.border}
			TextColor3={props.primary ? Color3.fromRGB(255, 255, 255) : props.theme.buttonText}
			Font={Enum.Font.SourceSansSemibold}
			TextSize={15}
			Text={props.text}
			Event={{ Activated: () => props.onClick() }}
		/>
	);
}

/** A horizontal row of children laid out left to right. */
export function Row(props: { order?: number; height?: number; [Roact.Children]?: Roact.Children }) {
	return (
		<frame LayoutOrder={props.order ?? 0} Size={new UDim2(1, 0, 0, props.height ?? 28)} BackgroundTransparency={1}>
			<uilistlayout
				FillDirection={Enum.FillDirection.Horizontal}
				Padding={new UDim(0, 6)}
				SortOrder={Enum.SortOrder.LayoutOrder}
			/>
			{props[Roact.Children]}
		</frame>
	);
}

/** A vertical section whose height follows its content. */
export function Section(props: { order?: number; [Roact.Children]?: Roact.Children }) {
	return (
		<frame
			LayoutOrder={props.order ?? 0}
			Size={new UDim2(1, 0, 0, 0)}
			AutomaticSize={Enum.AutomaticSize.Y}
			BackgroundTransparency={1}
		>
			<uilistlayout Padding={new UDim(0, 6)} SortOrder={Enum.SortOrder.LayoutOrder} />
			{props[Roact.Children]}
		</frame>
	);
}

export function formatDuration(seconds: number) {
	const total = math.max(0, math.floor(seconds + 0.5));
	return string.format("%d:%02d", math.floor(total / 60), total % 60);
}

/** Text the user can select and copy (a TextBox that cannot be edited), e.g. a command to run. */
export function CopyableText(props: { text: string; theme: Theme; order?: number }) {
	return (
		<textbox
			LayoutOrder={props.order ?? 0}
			Size={new UDim2(1, 0, 0, 26)}
			BackgroundColor3={props.theme.input}
			BorderColor3={props.theme.border}
			Font={Enum.Font.Code}
			TextSize={15}
			TextXAlignment={Enum.TextXAlignment.Left}
			TextColor3={props.theme.accent}
			Text={props.text}
			TextEditable={false}
			ClearTextOnFocus={false}
		>
			<uipadding PaddingLeft={new UDim(0, 6)} />
		</textbox>
	);
}
