// The list of people, and the menus it opens: the group menu on one's own
// entry, the user menu on anyone else's.

import { el, $, popupMenu } from './dom.js';
import { icon } from './icons.js';

/**
 * @typedef {Object} UserActions
 * @property {(userId: string) => void} privateMessage
 * @property {(userId: string) => void} sendFile
 * @property {() => void} invite
 * @property {() => boolean} canSendFiles
 * @property {() => boolean} canChangePassword - whether this login can prove its current password
 * @property {() => void} changePassword
 */

/** @param {any} u */
function isRecorder(u) {
    return !!u && u.username === 'RECORDING' && (u.permissions || []).includes('system');
}

export class UserList {
    /**
     * @param {import('./protocol.js').Connection} conn
     * @param {UserActions} actions
     */
    constructor(conn, actions) {
        this.conn = conn;
        this.actions = actions;
        this.list = $('users');
        /** @type {Set<string>} */
        this.speaking = new Set();
        this.status = {};
    }

    /** Rebuilds the whole list: it is short, and this keeps it obviously right. */
    render() {
        const ids = Object.keys(this.conn.users).sort((a, b) => {
            if (a === this.conn.id) return -1;
            if (b === this.conn.id) return 1;
            return (this.conn.users[a].username || '').localeCompare(this.conn.users[b].username || '');
        });
        this.list.textContent = '';
        for (const id of ids) this.list.append(this.entry(id));
        $('user-count').textContent = `(${ids.length})`;
        // the server's recorder joins as the system user RECORDING, as in Galène
        $('recording').hidden = !ids.some(id => isRecorder(this.conn.users[id]));
    }

    /** @param {string} id */
    entry(id) {
        const u = this.conn.users[id];
        const self = id === this.conn.id;
        const name = u.username || '(anonymous)';
        const perms = u.permissions || [];
        const hand = !!(u.data && u.data.raisehand);
        const states = [];
        if (self) states.push('you');
        if (perms.includes('op')) states.push('operator');
        if (perms.includes('present')) states.push('may present');
        if (hand) states.push('hand raised');
        if (this.speaking.has(id)) states.push('speaking');
        const button = el('button', {
            type: 'button', className: 'user', 'data-id': id, 'aria-haspopup': 'menu',
            'aria-label': `${name}${states.length ? ' (' + states.join(', ') + ')' : ''}`,
            onclick: e => this.openMenu(id, /** @type {HTMLElement} */ (e.currentTarget)),
        },
            el('span', { className: 'user-name', text: name + (self ? ' (you)' : '') }),
            perms.includes('op') ? el('span', { className: 'badge', title: 'operator', text: 'op' }) : null,
            hand ? el('span', { className: 'hand', title: 'hand raised' }, icon('hand')) : null);
        const li = el('li', { className: 'user-row' + (this.speaking.has(id) ? ' speaking' : '') + (hand ? ' raised' : '') }, button);
        return li;
    }

    /** @param {string} id @param {boolean} on */
    setSpeaking(id, on) {
        if (on === this.speaking.has(id)) return;
        if (on) this.speaking.add(id); else this.speaking.delete(id);
        const b = this.list.querySelector(`button[data-id="${CSS.escape(id)}"]`);
        if (b && b.parentElement) b.parentElement.replaceWith(this.entry(id));
    }

    /** @param {string} id @param {HTMLElement} anchor */
    openMenu(id, anchor) {
        const r = anchor.getBoundingClientRect();
        const at = { x: r.left + 16, y: r.bottom };
        if (id === this.conn.id) popupMenu(at, 'Group', this.groupItems());
        else popupMenu(at, 'User', this.userItems(id));
    }

    groupItems() {
        const c = this.conn;
        const op = c.can('op');
        const locked = !!this.status.locked;
        const hand = !!(c.users[c.id] && c.users[c.id].data && c.users[c.id].data.raisehand);
        return [
            { label: hand ? 'Lower hand' : 'Raise hand',
              run: () => c.userAction('setdata', c.id, { raisehand: hand ? null : true }) },
            c.can('token') || c.can('present') && this.status.allowUserInvites
                ? { label: 'Invite someone…', run: () => this.actions.invite() } : null,
            this.status.canChangePassword && this.actions.canChangePassword()
                ? { label: 'Change my password…', run: () => this.actions.changePassword() } : null,
            op ? { label: locked ? 'Unlock the group' : 'Lock the group',
                   run: () => c.groupAction(locked ? 'unlock' : 'lock') } : null,
            c.can('record') ? { label: 'Start recording', run: () => c.groupAction('record') } : null,
            c.can('record') ? { label: 'Stop recording', run: () => c.groupAction('unrecord') } : null,
            op ? { label: 'Clear the chat', run: () => c.groupAction('clearchat') } : null,
            op ? { label: 'List subgroups', run: () => c.groupAction('subgroups') } : null,
        ];
    }

    /** @param {string} id */
    userItems(id) {
        const c = this.conn;
        const u = c.users[id];
        const op = c.can('op');
        const perms = (u && u.permissions) || [];
        return [
            { label: 'Send a private message', run: () => this.actions.privateMessage(id) },
            this.actions.canSendFiles() ? { label: 'Send a file…', run: () => this.actions.sendFile(id) } : null,
            op ? (perms.includes('op') ? { label: 'Take away operator', run: () => c.userAction('unop', id) }
                                        : { label: 'Make operator', run: () => c.userAction('op', id) }) : null,
            op ? (perms.includes('present') ? { label: 'Stop from presenting', run: () => c.userAction('unpresent', id) }
                                             : { label: 'Allow to present', run: () => c.userAction('present', id) }) : null,
            op ? { label: 'Mute microphone', run: () => c.userMessage('mute', id, null) } : null,
            op ? { label: 'Warn…', run: () => {
                const text = prompt(`Warning to ${u ? u.username : 'user'}:`);
                if (text) c.userMessage('warning', id, text);
            } } : null,
            op ? { label: 'Identify', run: () => c.userAction('identify', id) } : null,
            op ? { label: 'Kick out', run: () => c.userAction('kick', id) } : null,
        ];
    }
}
