import Roact from "@rbxts/roact";
import { BRIDGE_FIELDS, FieldSpec, JOB_FIELDS, SettingsDraft, SettingsErrors } from "../../session/settings";
import { Theme } from "../theme";
import { Label, Row } from "./widgets";

export interface SettingsFormProps {
	settings: SettingsDraft;
	errors: SettingsErrors;
	theme: Theme;
	order?: number;
	disabled?: boolean;
	/** Only these text fields and no model/option toggles (e.g. just the port while the bridge is unreachable). */
	only?: ReadonlyArray<FieldSpec>;
	onChange: (patch: Partial<SettingsDraft>) => void;
}

export function Toggle(props: {
	Key?: string;
	text: string;
	on: boolean;
	theme: Theme;
	order: number;
	onClick: () => void;
}) {
	return (
		<textbutton
			LayoutOrder={props.order}
			Size={new UDim2(0.5, -3, 0, 24)}
			BackgroundColor3={props.on ? props.theme.accent : props.theme.button}
			BorderColor3={props.theme.border}
			TextColor3={props.on ? Color3.fromRGB(255, 255, 255) : props.theme.buttonText}
			Font={Enum.Font.SourceSans}
			TextSize={14}
			Text={`${props.on ? "☑" : "☐"} ${props.text}`}
			Event={{ Activated: () => props.onClick() }}
		/>
	);
}

/** Values are committed on focus lost and validated by the session, which reports errors per field. */
export function SettingsForm(props: SettingsFormProps) {
	const { settings, errors, theme } = props;
	const fields = new Map<string, Roact.Element>();
	const textFields = props.only ?? [...JOB_FIELDS, ...BRIDGE_FIELDS];
	textFields.forEach(({ field, label }, i) => {
		const problem = errors[field];
		fields.set(
			`Field_${field}`,
			<frame
				LayoutOrder={10 + i}
				Size={new UDim2(1, 0, 0, 0)}
				AutomaticSize={Enum.AutomaticSize.Y}
				BackgroundTransparency={1}
			>
				<uilistlayout SortOrder={Enum.SortOrder.LayoutOrder} Padding={new UDim(0, 2)} />
				<frame Key="Line" LayoutOrder={1} Size={new UDim2(1, 0, 0, 24)} BackgroundTransparency={1}>
					<textlabel
						Key="Name"
						Size={new UDim2(0.45, 0, 1, 0)}
						BackgroundTransparency={1}
						TextXAlignment={Enum.TextXAlignment.Left}
						TextColor3={theme.text}
						TextSize={14}
						Font={Enum.Font.SourceSans}
						Text={label}
					/>
					<textbox
						Key="Input"
						Position={new UDim2(0.45, 0, 0, 0)}
						Size={new UDim2(0.55, 0, 1, 0)}
						BackgroundColor3={theme.input}
						BorderColor3={problem !== undefined ? theme.error : theme.border}
						TextColor3={theme.text}
						TextSize={14}
						Font={Enum.Font.SourceSans}
						ClearTextOnFocus={false}
						TextEditable={!props.disabled}
						Text={settings[field]}
						Event={{ FocusLost: (box) => props.onChange({ [field]: box.Text }) }}
					/>
				</frame>
				{problem !== undefined ? (
					<Label Key="Error" order={2} text={problem} theme={theme} color={theme.error} size={13} />
				) : undefined}
			</frame>,
		);
	});
	return (
		<frame
			LayoutOrder={props.order ?? 0}
			Size={new UDim2(1, 0, 0, 0)}
			AutomaticSize={Enum.AutomaticSize.Y}
			BackgroundTransparency={1}
		>
			<uilistlayout SortOrder={Enum.SortOrder.LayoutOrder} Padding={new UDim(0, 4)} />
			{props.only !== undefined ? undefined : (
				<Row Key="Model" order={1} height={24}>
					<Toggle
						Key="Mlp"
						order={1}
						text="MLP"
						on={settings.model === "mlp"}
						theme={theme}
						onClick={() => props.onChange({ model: "mlp" })}
					/>
					<Toggle
						Key="Cnn"
						order={2}
						text="CNN"
						on={settings.model === "cnn"}
						theme={theme}
						onClick={() => props.onChange({ model: "cnn" })}
					/>
				</Row>
			)}
			{fields}
			{props.only !== undefined ? undefined : (
				<Row Key="Options" order={20} height={24}>
					<Toggle
						Key="Augment"
						order={1}
						text="Augmentation"
						on={settings.augment}
						theme={theme}
						onClick={() => props.onChange({ augment: !settings.augment })}
					/>
					<Toggle
						Key="Int8"
						order={2}
						text="int8 weights"
						on={settings.int8}
						theme={theme}
						onClick={() => props.onChange({ int8: !settings.int8 })}
					/>
				</Row>
			)}
		</frame>
	);
}
