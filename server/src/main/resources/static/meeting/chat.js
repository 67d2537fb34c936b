// The chat log: messages, history, private messages, /me, captions, local
// notices and the per-message menu. Text is always inserted as text.

import { el, $, linkify, popupMenu, copyText, notify } from './dom.js';

export class ChatView {
    /**
     * @param {import('./protocol.js').Connection} conn
     * @param {{replyTo: (userId: string) => void}} actions
     */
    constructor(conn, actions) {
        this.conn = conn;
        this.actions = actions;
        this.log = $('chat-log');
        this.captionTimer = 0;
        this.log.addEventListener('dblclick', e => this.menuFor(e));
        // Keyboard: arrows walk the messages, Enter (or the menu key) opens a message's menu.
        this.log.addEventListener('keydown', e => {
            const rows = [...this.log.querySelectorAll('.msg:not(.widget)')];
            if (!rows.length) return;
            const at = rows.indexOf(/** @type {any} */ (document.activeElement));
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                const next = at < 0 ? rows.length - 1 : Math.max(0, Math.min(rows.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
                /** @type {HTMLElement} */ (rows[next]).focus();
            } else if (e.key === 'Enter' || e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
                e.preventDefault();
                this.menuFor(e);
            }
        });
    }

    /** @param {string} id */
    nameOf(id) {
        if (id === this.conn.id) return this.conn.username || 'you';
        const u = this.conn.users[id];
        return u ? u.username || '(anonymous)' : '(someone who left)';
    }

    /**
     * A message from the server (chat or chathistory).
     * @param {Object} m
     */
    add(m) {
        if (m.kind === 'caption') { this.caption(String(m.value)); return; }
        const priv = !!m.dest;
        const fromMe = m.source === this.conn.id;
        let who = m.username || (m.source ? '(anonymous)' : 'Server');
        if (priv && fromMe) who = `${who} → ${this.nameOf(m.dest)}`;
        this.append({
            id: m.id || '', source: m.source || '', username: m.username || '',
            who, text: String(m.value ?? ''), time: m.time ? new Date(m.time) : new Date(),
            me: m.kind === 'me', priv, privileged: !!m.privileged,
        });
    }

    /** An own private message, shown locally (the server does not echo it to us). */
    sentPrivately(dest, text) {
        this.append({ id: '', source: this.conn.id, username: this.conn.username || '',
            who: `${this.conn.username || 'you'} → ${this.nameOf(dest)}`, text, time: new Date(), me: false, priv: true });
    }

    /** A message from the page itself, seen only here. @param {string} text */
    local(text) {
        this.append({ id: '', source: '', username: '', who: '', text, time: new Date(), local: true });
    }

    /** @param {any} x */
    append(x) {
        const row = el('div', {
            className: 'msg' + (x.me ? ' me' : '') + (x.priv ? ' private' : '') + (x.local ? ' local' : ''),
            tabindex: '-1',
            'data-id': x.id || null, 'data-source': x.source || null, 'data-username': x.username || null,
        });
        if (!x.local) {
            row.append(el('time', { datetime: x.time.toISOString(),
                text: x.time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) }));
            row.append(el('span', { className: 'who', text: x.me ? `* ${x.who}` : x.who }));
            if (x.priv) row.append(el('span', { className: 'tag', text: 'private' }));
        }
        row.append(el('span', { className: 'text' }, linkify(x.text)));
        const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
        this.log.append(row);
        if (atBottom) this.log.scrollTop = this.log.scrollHeight;
        return row;
    }

    /** Adds a row holding controls (file transfers) and returns it. @param {HTMLElement} content */
    widget(content) {
        const row = el('div', { className: 'msg local widget' }, content);
        this.log.append(row);
        this.log.scrollTop = this.log.scrollHeight;
        return row;
    }

    /** @param {string} [id] @param {string} [userId] */
    clear(id, userId) {
        if (!id && !userId) { this.log.textContent = ''; return; }
        this.log.querySelectorAll('.msg').forEach(row => {
            const r = /** @type {HTMLElement} */ (row);
            if ((!id || r.dataset.id === id) && (!userId || r.dataset.source === userId)) r.remove();
        });
    }

    /** @param {string} text */
    caption(text) {
        const c = $('captions');
        c.textContent = text;
        c.hidden = !text;
        clearTimeout(this.captionTimer);
        this.captionTimer = setTimeout(() => { c.hidden = true; }, 8000);
    }

    /** @param {Event} e */
    menuFor(e) {
        const row = /** @type {HTMLElement|null} */ (e.target instanceof Element ? e.target.closest('.msg') : null);
        if (!row || row.classList.contains('widget')) return;
        const text = row.querySelector('.text')?.textContent || '';
        const src = row.dataset.source || '';
        const name = row.dataset.username || 'user';
        const op = this.conn.can('op');
        const r = row.getBoundingClientRect();
        const at = e instanceof MouseEvent && e.clientX ? { x: e.clientX, y: e.clientY } : { x: r.left + 20, y: r.bottom };
        popupMenu(at, 'Message', [
            { label: 'Copy', run: () => copyText(text).then(ok => notify(ok ? 'Copied.' : 'Copying was refused.')) },
            src && src !== this.conn.id && this.conn.users[src] ?
                { label: `Reply privately to ${name}`, run: () => this.actions.replyTo(src) } : null,
            op && src && row.dataset.id ?
                { label: 'Delete message', run: () => this.conn.groupAction('clearchat', { id: row.dataset.id, userId: src }) } : null,
            op && src ?
                { label: `Delete all from ${name}`, run: () => this.conn.groupAction('clearchat', { userId: src }) } : null,
            op ? { label: 'Clear the whole chat', run: () => this.conn.groupAction('clearchat') } : null,
        ]);
    }
}
