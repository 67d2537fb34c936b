// Invitations: the card a guest sees when opening an invitation link (what the
// invitation is, who sent it, whether it still works, and the form it needs),
// the server's invitation endpoints, and the link box (copy button and QR code)
// shown to whoever made an invitation.

import { $, el, show, notify, copyText } from './dom.js';

/**
 * @typedef {Object} Invitation
 * @property {string} state - valid, expired, not-yet-valid, used-up, revoked or unknown
 * @property {string} [token]
 * @property {string} [group]
 * @property {string} [displayName]
 * @property {string} [description]
 * @property {string} [kind] - join or register
 * @property {string|null} [username] - fixed by the invitation, or null
 * @property {string} [issuedBy]
 * @property {string} [expires]
 * @property {string} [not-before]
 * @property {number|null} [max-uses]
 * @property {number} [uses]
 * @property {number|null} [remaining]
 */

/** @param {string} token */
function invitationPath(token) {
    return '/invitation/' + encodeURIComponent(token);
}

/**
 * What the server says about an invitation, or null when it has no invitation
 * endpoint (an older Nereid, or Galène): the page then joins with the token as before.
 * @param {string} token
 * @returns {Promise<Invitation|null>}
 */
export async function fetchInvitation(token) {
    try {
        const r = await fetch(invitationPath(token), { headers: { Accept: 'application/json' } });
        const type = (r.headers.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/json') return null;
        const body = await r.json();
        if (!body || typeof body.state !== 'string') return null;
        return body;
    } catch (e) {
        console.warn("Couldn't read the invitation", e);
        return null;
    }
}

/**
 * Creates an account with a registration invitation. Throws a sentence if refused.
 * @param {string} token @param {string} username @param {string} password
 * @returns {Promise<{group: string, username: string}>}
 */
export async function registerWithInvitation(token, username, password) {
    let r;
    try {
        r = await fetch(invitationPath(token) + '/register', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify({ username, password }),
        });
    } catch (e) {
        throw new Error('The server could not be reached; check your connection and try again.');
    }
    let body = {};
    try { body = await r.json(); } catch (e) { /* no sentence from the server */ }
    if (r.status === 201) return /** @type {any} */ (body);
    throw new Error(body.error || `The account could not be created (the server answered ${r.status}); try again later.`);
}

/** @param {string|undefined|null} when */
function dateText(when) {
    if (!when) return '';
    const d = new Date(when);
    return isNaN(d.getTime()) ? String(when) : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** @param {Invitation} inv */
function usesText(inv) {
    const max = inv['max-uses'];
    if (!max) return 'no limit';
    const left = inv.remaining ?? Math.max(0, max - (inv.uses || 0));
    return `${left} of ${max}`;
}

/** What went wrong with an invitation that no longer (or not yet) works. @param {Invitation} inv */
function stateSentence(inv) {
    const askFor = inv.issuedBy ? `Ask ${inv.issuedBy}, who invited you, for a new link.` : 'Ask whoever invited you for a new link.';
    switch (inv.state) {
    case 'expired':
        return ['This invitation has expired', `It was valid until ${dateText(inv.expires)}. ${askFor}`];
    case 'revoked':
        return ['This invitation was withdrawn', `Whoever made it has cancelled it. ${askFor}`];
    case 'used-up':
        return ['This invitation has been used up',
            `It could be used ${inv['max-uses'] === 1 ? 'once' : `${inv['max-uses']} times`}, and it has been. ${askFor}`];
    case 'not-yet-valid':
        return ['This invitation is not valid yet',
            `It can be used from ${dateText(inv['not-before'])}; open the link again then.`];
    default:
        return ['This link is not a valid invitation',
            'It may have been mistyped or copied only in part, or it was deleted. Check the link, or ask whoever invited you for a new one.'];
    }
}

/**
 * The invitation card, shown before anything else when the page is opened
 * with an invitation link.
 */
export class InvitationCard {
    constructor() {
        this.dialog = /** @type {HTMLDialogElement} */ ($('invitation'));
        /** @type {Invitation|null} */
        this.inv = null;
        /** called with {kind, username, password, present} */
        this.onsubmit = null;
        /** called when the guest would rather log in with an account */
        this.onlogin = null;
        $('inv-form').addEventListener('submit', e => { e.preventDefault(); this.submit(); });
        $('inv-login').addEventListener('click', () => { this.close(); if (this.onlogin) this.onlogin(); });
        this.dialog.addEventListener('cancel', e => e.preventDefault()); // Escape would leave an empty page
    }

    /**
     * @param {Invitation} inv
     * @param {{error?: string, canPresent?: boolean, groupName?: string}} o
     */
    open(inv, o = {}) {
        this.inv = inv;
        const valid = inv.state === 'valid';
        const register = inv.kind === 'register';
        $('inv-title').textContent = inv.displayName || inv.group || o.groupName || 'A meeting';
        $('inv-description').textContent = valid ? inv.description || '' : '';
        const details = $('inv-details');
        details.textContent = '';
        if (valid) {
            const from = inv.issuedBy ? `${inv.issuedBy} invites you` : 'You are invited';
            $('inv-summary').textContent = register ?
                `${from} to create an account in this group; with it you can come back whenever you like.` :
                `${from} to join this meeting.`;
            const row = (k, v) => details.append(el('dt', { text: k }), el('dd', { text: v }));
            row('Kind', register ? 'register (a permanent account)' : 'join (a guest visit)');
            if (inv.issuedBy) row('Invited by', inv.issuedBy);
            if (inv.username) row(register ? 'Account name' : 'Your name', inv.username);
            row('Valid until', inv.expires ? dateText(inv.expires) : 'no end');
            row('Uses left', usesText(inv));
            $('inv-kicker').textContent = register ? 'Invitation to register' : 'Invitation';
        } else {
            const [title, what] = stateSentence(inv);
            $('inv-kicker').textContent = title;
            $('inv-summary').textContent = what;
        }
        this.dialog.dataset.state = inv.state;
        this.dialog.dataset.kind = register ? 'register' : 'join';
        show($('inv-fields'), valid);
        show($('inv-submit'), valid);
        show($('inv-username-field'), valid && !inv.username);
        show($('inv-password-field'), valid && register);
        show($('inv-confirm-field'), valid && register);
        show($('inv-present-field'), valid && o.canPresent !== false);
        $('inv-username').previousElementSibling.textContent = register ? 'Choose a user name' : 'Your name';
        for (const id of ['inv-username', 'inv-password', 'inv-confirm'])
            /** @type {HTMLInputElement} */ ($(id)).value = '';
        this.error(o.error || '');
        this.busy(false);
        if (!this.dialog.open) this.dialog.showModal();
        const first = [$('inv-username'), $('inv-password'), $('inv-submit'), $('inv-login')]
            .find(e => !e.hidden && !(/** @type {HTMLElement} */ (e.closest('.field'))?.hidden));
        if (first) first.focus();
    }

    submit() {
        const inv = this.inv;
        if (!inv || inv.state !== 'valid') return;
        const register = inv.kind === 'register';
        const username = inv.username || /** @type {HTMLInputElement} */ ($('inv-username')).value.trim();
        const password = /** @type {HTMLInputElement} */ ($('inv-password')).value;
        if (!username) { this.error(register ? 'Please choose a user name.' : 'Please enter your name.'); $('inv-username').focus(); return; }
        if (register) {
            if (!password) { this.error('Please choose a password.'); $('inv-password').focus(); return; }
            if (password !== /** @type {HTMLInputElement} */ ($('inv-confirm')).value) {
                this.error('The two passwords differ; type the same password twice.');
                $('inv-confirm').focus();
                return;
            }
        }
        this.error('');
        if (this.onsubmit) this.onsubmit({
            kind: register ? 'register' : 'join', username, password,
            present: /** @type {HTMLSelectElement} */ ($('inv-present')).value,
        });
    }

    /** @param {string} text */
    error(text) {
        $('inv-error').textContent = text;
        show($('inv-error'), !!text);
    }

    /** @param {boolean} b */
    busy(b) {
        const button = /** @type {HTMLButtonElement} */ ($('inv-submit'));
        button.disabled = b;
        const register = this.inv && this.inv.kind === 'register';
        button.textContent = b ? (register ? 'Creating your account…' : 'Joining…') : (register ? 'Create account and join' : 'Join');
    }

    close() {
        /** @type {HTMLInputElement} */ ($('inv-password')).value = '';
        /** @type {HTMLInputElement} */ ($('inv-confirm')).value = '';
        if (this.dialog.open) this.dialog.close();
    }
}

/** The page's address with ?token= for an invitation. @param {string} token */
export function invitationLink(token) {
    const u = new URL(location.href);
    u.search = new URLSearchParams({ token }).toString();
    u.hash = '';
    return u.href;
}

/**
 * One line about an invitation, as /listtokens shows it.
 * @param {any} t
 */
export function describeToken(t) {
    const bits = [invitationLink(t.token)];
    bits.push(t.kind === 'register' ? '(register)' : '(join)');
    if (t.username) bits.push(`for ${t.username}`);
    if (t.expires) bits.push(`valid until ${dateText(t.expires)}`);
    const uses = t.uses || 0;
    bits.push(t['max-uses'] ? `used ${uses} of ${t['max-uses']}` : `used ${uses} (no limit)`);
    return bits.join(' ');
}

/**
 * The link to a new invitation with a Copy button and its QR code.
 * @param {any} t - the token as the server sent it
 * @param {string} [inputId] - an id for the link's input, so a label can name it
 * @returns {HTMLElement}
 */
export function linkBox(t, inputId) {
    const link = invitationLink(t.token);
    const id = inputId || `invite-link-${t.token}`;
    const input = /** @type {HTMLInputElement} */ (el('input', { id, className: 'invite-link', readonly: true }));
    input.value = link;
    const qr = /** @type {HTMLImageElement} */ (el('img', {
        className: 'invite-qr', width: 160, height: 160,
        src: invitationPath(t.token) + '/qr.svg',
        alt: 'QR code of the invitation link, to open it on a phone',
    }));
    qr.addEventListener('error', () => qr.remove()); // a server without QR codes: the link is enough
    const what = t.kind === 'register' ? 'Registration link' : 'Invitation link';
    const limits = [t.username ? `for ${t.username}` : '', t.expires ? `valid until ${dateText(t.expires)}` : '',
        t['max-uses'] ? `${t['max-uses'] === 1 ? 'single use' : `${t['max-uses']} uses`}` : ''].filter(Boolean).join(', ');
    return el('div', { className: 'invite-box' },
        el('label', { for: id, text: limits ? `${what} (${limits})` : what }),
        el('div', { className: 'row' }, input,
            el('button', { type: 'button', className: 'invite-copy', text: 'Copy',
                onclick: async () => {
                    const ok = await copyText(link);
                    notify(ok ? 'The link is copied.' : 'Copying was refused; select the link and copy it yourself.');
                } })),
        qr);
}
