// Getting into the group: the group's status, the login dialog, remembered
// credentials, tokens from links, the authorisation server and portal, and
// sentences for every refusal.

import { $, show } from './dom.js';

/** The group's location, always ending in a slash. */
export function groupLocation() {
    const u = new URL(location.href);
    u.search = '';
    u.hash = '';
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    return u.href;
}

/** The group name from a /group/NAME/ path. */
export function groupFromPath() {
    return decodeURIComponent(new URL(groupLocation()).pathname.replace(/^\/group\//, '').replace(/\/$/, ''));
}

/** The group's .status (an empty object if it cannot be read). */
export async function fetchStatus() {
    try {
        const r = await fetch(new URL('.status', groupLocation()).href, { headers: { Accept: 'application/json' } });
        if (r.status === 404) return { missing: true };
        if (!r.ok) return {};
        return await r.json();
    } catch (e) {
        console.warn("Couldn't fetch the group status", e);
        return {};
    }
}

/** Takes ?token= out of the address bar so it is not bookmarked or shared by accident. */
export function takeTokenFromUrl() {
    const params = new URLSearchParams(location.search);
    const token = params.get('token');
    if (token) {
        params.delete('token');
        const q = params.toString();
        history.replaceState(null, '', location.pathname + (q ? '?' + q : '') + location.hash);
    }
    return token;
}

const REMEMBER_KEY = 'nereid-login';

/** @param {string} group */
export function remembered(group) {
    try {
        const all = JSON.parse(localStorage.getItem(REMEMBER_KEY) || '{}');
        return all[group] || null;
    } catch (e) {
        return null;
    }
}

/** @param {string} group @param {{username: string, password: string}|null} creds */
export function remember(group, creds) {
    try {
        const all = JSON.parse(localStorage.getItem(REMEMBER_KEY) || '{}');
        if (creds) all[group] = creds; else delete all[group];
        localStorage.setItem(REMEMBER_KEY, JSON.stringify(all));
    } catch (e) { /* nothing to remember with */ }
}

/**
 * Asks the authorisation server. Returns credentials for the join message.
 * @param {string} authServer
 * @param {string} username
 * @param {string} password
 * @returns {Promise<{username: string, password?: string, token?: string}>}
 */
export async function askAuthServer(authServer, username, password) {
    let r;
    try {
        r = await fetch(authServer, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ location: groupLocation(), username, password }),
        });
    } catch (e) {
        throw new Error('The authorisation server could not be reached; try again later.');
    }
    if (r.status === 204) return { username, password };
    if (r.status === 403 || r.status === 401)
        throw new Error('The authorisation server refused you: check your name and password.');
    if (!r.ok) throw new Error(`The authorisation server failed (${r.status}); try again later.`);
    const type = (r.headers.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/jwt') throw new Error(`The authorisation server sent ${type || 'no content type'} instead of a token.`);
    const token = (await r.text()).trim();
    if (!token) throw new Error('The authorisation server sent an empty token.');
    return { username, token };
}

/**
 * A sentence for a refused join.
 * @param {{error?: string, value?: any}} m
 */
export function refusal(m) {
    const v = String(m.value || '');
    if (m.error === 'need-username') return 'Please choose a name to join.';
    if (m.error === 'duplicate-username') return 'Someone here already uses that name; choose another.';
    // Nereid says why an invitation no longer admits anyone, in a sentence
    if (/invitation/i.test(v) && /[.!]$/.test(v.trim())) return v;
    if (m.error === 'not-authorised') return 'Wrong name or password (or the link is no longer valid); try again.';
    if (/locked/.test(v)) return `The group is locked (${v}); ask an operator to let you in.`;
    if (/too many users/.test(v)) return 'The group is full; try again when someone has left.';
    if (/expired|not yet valid|closed|not open yet/.test(v)) return `You cannot join now: ${v}.`;
    if (/no operators/.test(v)) return 'There is no operator in the group yet; try again when one has joined.';
    if (/does not exist/.test(v)) return 'There is no group at this address; check the link.';
    if (/not authori[sz]ed/.test(v)) return 'Wrong name or password (or the link is no longer valid); try again.';
    return v ? `The server refused: ${v}.` : 'The server refused to let you in.';
}

/**
 * The login dialog.
 */
export class LoginDialog {
    constructor() {
        this.dialog = /** @type {HTMLDialogElement} */ ($('login'));
        this.form = /** @type {HTMLFormElement} */ ($('login-form'));
        this.onsubmit = null; // ({username, password, remember, present})
        this.form.addEventListener('submit', e => {
            e.preventDefault();
            const username = /** @type {HTMLInputElement} */ ($('username')).value.trim();
            if (!username && !$('username-field').hidden) { this.error('Please enter your name.'); return; }
            const password = /** @type {HTMLInputElement} */ ($('password')).value;
            if (this.onsubmit) this.onsubmit({
                username, password,
                remember: /** @type {HTMLInputElement} */ ($('remember')).checked,
                present: /** @type {HTMLSelectElement} */ ($('present-choice')).value,
            });
        });
        this.dialog.addEventListener('cancel', e => e.preventDefault()); // Escape would leave an empty page
    }

    /**
     * @param {{usernameOnly?: boolean, username?: string, password?: string, error?: string, title?: string, description?: string, canPresent?: boolean}} o
     */
    open(o) {
        show($('password-field'), !o.usernameOnly);
        show($('remember-field'), !o.usernameOnly);
        show($('username-field'), true);
        show($('present-field'), o.canPresent !== false);
        if (o.title) $('login-title').textContent = `Join ${o.title}`;
        $('login-description').textContent = o.description || '';
        /** @type {HTMLInputElement} */ ($('username')).value = o.username || '';
        /** @type {HTMLInputElement} */ ($('password')).value = o.password || '';
        /** @type {HTMLInputElement} */ ($('remember')).checked = !!o.password;
        this.error(o.error || '');
        this.busy(false);
        if (!this.dialog.open) this.dialog.showModal();
        $('username').focus();
    }

    /** @param {string} text */
    error(text) {
        $('login-error').textContent = text;
        show($('login-error'), !!text);
    }

    /** @param {boolean} b */
    busy(b) {
        /** @type {HTMLButtonElement} */ ($('connect')).disabled = b;
        $('connect').textContent = b ? 'Joining…' : 'Join';
    }

    close() {
        /** @type {HTMLInputElement} */ ($('password')).value = '';
        if (this.dialog.open) this.dialog.close();
    }
}
