// Settings kept on this device (localStorage), shared by the menu and /set.

const KEY = 'nereid-settings';

const DEFAULTS = {
    throughput: 'normal', simulcast: 'auto', receive: 'everything',
    audioOnly: false, blackboard: false, camera: '', mic: '',
};

/** Used when localStorage is unavailable (private mode, some embedded engines). */
let memory = {};

/** @returns {typeof DEFAULTS} */
export function settings() {
    let stored = null;
    try { stored = JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { /* fall back to memory */ }
    return { ...DEFAULTS, ...(stored || memory) };
}

/** @param {Partial<typeof DEFAULTS>} changes */
export function saveSettings(changes) {
    const s = { ...settings(), ...changes };
    memory = s;
    try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* kept in memory only */ }
    return s;
}

/** The names /set accepts and how each value is read. */
export const SETTABLE = {
    throughput: v => oneOf(v, ['lowest', 'low', 'normal', 'unlimited']),
    simulcast: v => oneOf(v, ['auto', 'on', 'off']),
    receive: v => oneOf(v, ['everything', 'everything-low', 'screenshare', 'audio', 'nothing']),
    audioOnly: bool, blackboard: bool,
};

function oneOf(v, allowed) {
    if (!allowed.includes(v)) throw new Error(`Use one of: ${allowed.join(', ')}.`);
    return v;
}

function bool(v) {
    if (['on', 'true', 'yes', '1', ''].includes(v)) return true;
    if (['off', 'false', 'no', '0'].includes(v)) return false;
    throw new Error('Use on or off.');
}

/** @param {string} key @param {string} value */
export function setByName(key, value) {
    const read = SETTABLE[key];
    if (!read) throw new Error(`Unknown setting ${key}; known: ${Object.keys(SETTABLE).join(', ')}.`);
    return saveSettings({ [key]: read(value) });
}

/** @param {string} key */
export function unsetByName(key) {
    if (!SETTABLE[key]) throw new Error(`Unknown setting ${key}; known: ${Object.keys(SETTABLE).join(', ')}.`);
    return saveSettings({ [key]: DEFAULTS[key] });
}

/** The request message for a receive choice. @param {string} receive */
export function requestFor(receive) {
    switch (receive) {
    case 'nothing': return {};
    case 'audio': return { '': ['audio'] };
    case 'screenshare': return { screenshare: ['audio', 'video'], '': ['audio'] };
    case 'everything-low': return { '': ['audio', 'video-low'] };
    default: return { '': ['audio', 'video'] };
    }
}
