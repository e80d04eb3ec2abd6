/**
 * Persists the settings form with plugin:SetSetting. The Plugin:SetSetting reference lists characters that can
 * corrupt the settings file — periods, quotes, newlines and backslashes in keys; backslashes in values (which
 * JSON writes for quotes and control characters) — so the key has none of them and text values are cleaned of
 * anything JSON would escape. Earlier versions used "DigitLab.settings" and "DigitLab.port"; their values are
 * read once (when Studio can still read such keys) and saved under the new key. The old keys are never written.
 */
import { restoreSettings, SettingsDraft } from "./settings";

export const SETTINGS_KEY = "DigitLab_settings";
export const LEGACY_SETTINGS_KEY = "DigitLab.settings";
export const LEGACY_PORT_KEY = "DigitLab.port";

/** The two Plugin methods used; both may raise or, with several Studio windows open, silently return nil. */
export interface SettingsHost {
	GetSetting(key: string): unknown;
	SetSetting(key: string, value: unknown): void;
}

function read(host: SettingsHost, key: string): unknown {
	const [ok, value] = pcall(() => host.GetSetting(key));
	return ok ? value : undefined;
}

export interface LoadedSettings {
	draft: SettingsDraft;
	/** True when the values came from the old keys and should be saved under the new one. */
	migrated: boolean;
}

export function loadSettings(host: SettingsHost): LoadedSettings {
	const saved = read(host, SETTINGS_KEY);
	if (saved !== undefined) return { draft: restoreSettings(saved), migrated: false };
	const legacy = read(host, LEGACY_SETTINGS_KEY);
	const legacyPort = read(host, LEGACY_PORT_KEY);
	if (legacy === undefined && legacyPort === undefined) return { draft: restoreSettings(undefined), migrated: false };
	const merged: Record<string, unknown> = typeIs(legacy, "table") ? { ...(legacy as Record<string, unknown>) } : {};
	if (typeIs(legacyPort, "number")) merged.port = tostring(legacyPort);
	return { draft: restoreSettings(merged), migrated: true };
}

/** Drops what JSON would escape with a backslash: quotes, backslashes, control characters. */
const clean = (text: string) => text.gsub('[%c"\\]', "")[0];

/** Writes to disk: call it off the UI thread. Returns false when Studio refused. */
export function saveSettings(host: SettingsHost, draft: SettingsDraft): boolean {
	const stored: Record<string, unknown> = {};
	for (const [key, value] of pairs(draft)) stored[key] = typeIs(value, "string") ? clean(value) : value;
	const [ok] = pcall(() => host.SetSetting(SETTINGS_KEY, stored));
	return ok;
}
