// "Change my password": what Galène's change-password page does, as a dialog of the
// meeting page. The admin API's .password resource accepts the user's own current
// password as credentials; the server says with canChangePassword whether it allows it.

import { $, show } from './dom.js';

/** Basic credentials in UTF-8 (btoa alone refuses anything beyond Latin-1). @param {string} user @param {string} password */
function basic(user, password) {
    const bytes = new TextEncoder().encode(`${user}:${password}`);
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return 'Basic ' + btoa(binary);
}

/**
 * Sets a new password, proving the old one. Throws a sentence if refused.
 * @param {string} group @param {string} user @param {string} old @param {string} password
 */
export async function changePassword(group, user, old, password) {
    const url = `/galene-api/v0/.groups/${encodeURIComponent(group)}/.users/${encodeURIComponent(user)}/.password`;
    let r;
    try {
        r = await fetch(url, {
            method: 'POST',
            credentials: 'omit',
            headers: { 'Content-Type': 'text/plain', Authorization: basic(user, old) },
            body: password,
        });
    } catch (e) {
        throw new Error('The server could not be reached; try again.');
    }
    if (r.ok) return;
    if (r.status === 401) throw new Error('Your current password is not right.');
    const said = (await r.text()).trim();
    throw new Error(said || `The server refused the change (HTTP ${r.status}).`);
}

/** The dialog: current password, the new one twice. */
export class PasswordDialog {
    constructor() {
        this.dialog = /** @type {HTMLDialogElement} */ ($('change-password'));
        this.form = /** @type {HTMLFormElement} */ ($('password-form'));
        this.group = '';
        this.user = '';
        this.form.addEventListener('submit', e => { e.preventDefault(); this.submit(); });
        $('password-cancel').addEventListener('click', () => this.dialog.close());
    }

    /** @param {string} group @param {string} user */
    open(group, user) {
        this.group = group;
        this.user = user;
        this.form.reset();
        $('password-user').textContent = user;
        this.say('', false);
        this.dialog.showModal();
        /** @type {HTMLInputElement} */ ($('password-old')).focus();
    }

    async submit() {
        const value = id => /** @type {HTMLInputElement} */ ($(id)).value;
        const [old, new1, new2] = [value('password-old'), value('password-new'), value('password-again')];
        if (!new1) return this.say('Choose a new password.', true);
        if (new1 !== new2) return this.say('The two new passwords differ; type them again.', true);
        const submit = /** @type {HTMLButtonElement} */ ($('password-submit'));
        submit.disabled = true;
        try {
            await changePassword(this.group, this.user, old, new1);
            this.form.reset();
            this.say('Your password is changed. Use the new one next time you join.', false);
        } catch (e) {
            this.say(e.message, true);
        } finally {
            submit.disabled = false;
        }
    }

    /** @param {string} text @param {boolean} error */
    say(text, error) {
        const out = $('password-message');
        out.textContent = text;
        out.setAttribute('role', error ? 'alert' : 'status');
        out.classList.toggle('error', error);
        show(out, !!text);
    }
}
