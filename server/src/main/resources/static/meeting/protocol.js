// Galène protocol version 2 over a Transport: handshake, keep-alive, joining,
// the user list and every message kind. Media and file transfer live in their
// own modules and subscribe to the messages they care about.

import { openTransport } from './transport.js';

/** A random hex id: crypto.getRandomValues exists everywhere, crypto.subtle is not needed. */
export function randomId() {
    const a = new Uint8Array(8);
    crypto.getRandomValues(a);
    return Array.from(a, b => b.toString(16).padStart(2, '0')).join('');
}

/** @param {string|number|undefined} v @returns {Date} */
export function parseTime(v) {
    if (v === undefined || v === null || v === '') return new Date();
    const d = new Date(v);
    return isNaN(d.getTime()) ? new Date() : d;
}

/**
 * @typedef {{username: string, permissions: string[], data: Object}} User
 */

export class Connection {
    constructor() {
        this.id = randomId();
        /** @type {Record<string, User>} */
        this.users = {};
        /** @type {string[]} */
        this.permissions = [];
        this.group = null;
        this.username = null;
        this.rtcConfiguration = null;
        this.version = null;
        this.transport = null;
        this.lastHeard = 0;
        this.pinger = null;
        /** handlers keyed by message type, for media and file transfer */
        this.handlers = {};
        // callbacks set by the page
        this.onconnected = null;  // ()
        this.onclose = null;      // (code, reason)
        this.onjoined = null;     // (message)
        this.onuser = null;       // (id, kind)
        this.onchat = null;       // (message, history)
        this.onusermessage = null; // (message)
        this.onerror = null;      // (Error)
    }

    /** @param {string} url */
    connect(url) {
        const t = openTransport(url);
        this.transport = t;
        t.onopen = () => this.send({ type: 'handshake', version: ['2'], id: this.id });
        t.onmessage = text => this.receive(text);
        t.onclose = (code, reason) => this.closed(code, reason);
        this.lastHeard = Date.now();
        this.pinger = setInterval(() => {
            const quiet = Date.now() - this.lastHeard;
            if (quiet > 65000) {
                this.fail(new Error('The server stopped answering.'));
                this.close();
            } else if (this.version && quiet > 15000) {
                this.send({ type: 'ping' });
            }
        }, 10000);
    }

    close() {
        if (this.transport) this.transport.close();
    }

    /** @param {Object} m */
    send(m) {
        if (!this.transport) throw new Error('Not connected.');
        this.transport.send(JSON.stringify(m));
    }

    /** @param {string} type @param {(m: Object) => void} f */
    on(type, f) {
        (this.handlers[type] || (this.handlers[type] = [])).push(f);
    }

    /** @param {Error} e */
    fail(e) {
        if (this.onerror) this.onerror(e);
        else console.warn(e);
    }

    /** @param {string} text */
    receive(text) {
        let m;
        try {
            m = JSON.parse(text);
        } catch (e) {
            this.fail(new Error('The server sent something that is not JSON.'));
            return;
        }
        this.lastHeard = Date.now();
        if (m.type !== 'handshake' && !this.version) {
            this.fail(new Error("The server didn't start with a handshake."));
            return;
        }
        switch (m.type) {
        case 'handshake':
            if (Array.isArray(m.version) && m.version.includes('2')) {
                this.version = '2';
                if (this.onconnected) this.onconnected();
            } else {
                this.fail(new Error(`The server speaks protocol version ${m.version}, this page needs 2.`));
                this.close();
            }
            return;
        case 'ping':
            this.send({ type: 'pong' });
            return;
        case 'pong':
            return;
        case 'joined':
            this.gotJoined(m);
            return;
        case 'user':
            this.gotUser(m);
            return;
        case 'chat':
        case 'chathistory':
            if (this.onchat) this.onchat(m, m.type === 'chathistory');
            return;
        case 'usermessage':
            if (m.kind === 'filetransfer') break;
            if (this.onusermessage) this.onusermessage(m);
            return;
        }
        const key = m.type === 'usermessage' ? 'filetransfer' : m.type;
        const hs = this.handlers[key];
        if (hs) hs.forEach(h => h(m));
        else console.warn('Unexpected message from the server:', m.type);
    }

    gotJoined(m) {
        if (m.kind === 'join' || m.kind === 'change') {
            this.group = m.group;
            this.username = m.username;
            this.permissions = m.permissions || [];
            this.rtcConfiguration = m.rtcConfiguration || null;
        } else {
            this.dropUsers();
            this.group = null;
            this.permissions = [];
        }
        if (this.onjoined) this.onjoined(m);
    }

    gotUser(m) {
        if (m.kind === 'delete') {
            delete this.users[m.id];
        } else {
            this.users[m.id] = {
                username: m.username || '',
                permissions: m.permissions || [],
                data: m.data || {},
            };
        }
        if (this.onuser) this.onuser(m.id, m.kind);
    }

    dropUsers() {
        for (const id of Object.keys(this.users)) {
            delete this.users[id];
            if (this.onuser) this.onuser(id, 'delete');
        }
    }

    closed(code, reason) {
        clearInterval(this.pinger);
        this.pinger = null;
        this.dropUsers();
        const wasJoined = !!this.group;
        this.group = null;
        this.permissions = [];
        this.version = null;
        if (this.onclose) this.onclose(code, reason, wasJoined);
    }

    /**
     * @param {string} group
     * @param {{username?: string, password?: string, token?: string}} credentials
     * @param {Object} [data]
     */
    join(group, credentials, data) {
        const m = { type: 'join', kind: 'join', group };
        if (credentials.username) m.username = credentials.username;
        if (credentials.token) m.token = credentials.token;
        else m.password = credentials.password || '';
        if (data) m.data = data;
        this.send(m);
    }

    leave() {
        if (this.group)
            this.send({ type: 'join', kind: 'leave', group: this.group, username: this.username });
    }

    /** @param {Record<string, string[]>} what */
    request(what) {
        this.send({ type: 'request', request: what });
    }

    /** @param {string} kind @param {string} dest @param {string} value */
    chat(kind, dest, value) {
        this.send({
            type: 'chat', source: this.id, username: this.username,
            dest: dest || '', kind: kind || '', value,
        });
    }

    userAction(kind, dest, value) {
        const m = { type: 'useraction', kind, source: this.id, username: this.username, dest };
        if (value !== undefined && value !== null && value !== '') m.value = value;
        this.send(m);
    }

    userMessage(kind, dest, value, noecho) {
        const m = { type: 'usermessage', kind, source: this.id, username: this.username, dest: dest || '', value };
        if (noecho) m.noecho = true;
        this.send(m);
    }

    groupAction(kind, value) {
        const m = { type: 'groupaction', kind, source: this.id, username: this.username };
        if (value !== undefined && value !== null && value !== '') m.value = value;
        this.send(m);
    }

    /** @param {string} p */
    can(p) {
        return this.permissions.includes(p);
    }

    /** The RTC configuration the server recommends, or a harmless default. */
    rtcConfig() {
        return this.rtcConfiguration || {};
    }
}
