/**
 * An emulator's settings, changeable at run time through `/control/<gatewayId>/settings`: the
 * defaults overlaid by what the sandbox was started with, then by each patch.
 */
export interface SettingsHolder<Settings extends object> {
  read(): Settings;
  apply(patch: Partial<Settings>): void;
}

export function holdSettings<Settings extends object>(defaults: Settings, initial: Partial<Settings> = {}): SettingsHolder<Settings> {
  let settings: Settings = { ...defaults, ...initial };
  return {
    read: () => settings,
    apply(patch) {
      settings = { ...settings, ...patch };
    },
  };
}
